-- Zone settings (one row per zone; the platform's settings as JSON without secrets) and the
-- OpenStack service account's password in a column of its own that no API answer reads.
create table zone_settings (
  zone_id    bigint        not null primary key,
  platform   varchar(16)   not null,
  body       text          not null,
  secret     varchar(1024),
  updated_at bigint        not null,
  constraint fk_zone_settings_zone foreign key (zone_id) references zones (id) on delete cascade
);

-- How the engine reaches a worker beyond its management address, and what monitoring last saw.
alter table workers add column data_address varchar(255);
alter table workers add column ssh_port int not null default 22;
alter table workers add column state_root varchar(255) not null default '/var/lib/olimpus';
alter table workers add column is_up boolean not null default true;
alter table workers add column last_seen_at bigint;
alter table workers add column down_reason varchar(1000);
update workers set data_address = mgmt_address where data_address is null;

-- Load readings for the usage charts; rows older than the retention are purged as new ones arrive.
create table worker_samples (
  id            bigint auto_increment primary key,
  worker_id     bigint not null,
  taken_at      bigint not null,
  cpu_percent   double not null,
  mem_used_mb   bigint not null,
  mem_total_mb  bigint not null,
  disk_used_mb  bigint not null,
  disk_total_mb bigint not null,
  constraint fk_worker_samples_worker foreign key (worker_id) references workers (id) on delete cascade
);
create index ix_worker_samples_worker_time on worker_samples (worker_id, taken_at);
