-- The deployment engine's durable state. What makes it safe:
--  * allocations are keyed so two concurrent deploys can never hold the same segment id, subnet or MAC;
--  * every platform resource is journaled (slice_resources) before the job goes on, so a server
--    killed mid-job finds, at start-up, exactly what to roll back;
--  * a slice's running plan is kept, so an edit re-plans against it and undeploy knows what exists.

create table slice_plans (
  slice_id   bigint      not null primary key,
  zone       varchar(31) not null,
  plan_json  longtext    not null,
  updated_at bigint      not null,
  constraint fk_slice_plans_slice foreign key (slice_id) references slices (id) on delete cascade
);

create table alloc_segments (
  zone       varchar(31) not null,
  segment_id int         not null,
  slice_id   bigint      not null,
  primary key (zone, segment_id),
  constraint fk_alloc_segments_slice foreign key (slice_id) references slices (id) on delete cascade
);
create index ix_alloc_segments_slice on alloc_segments (slice_id);

-- Subnets are aligned blocks of the zone's one prefix length, so equal text means the same block.
create table alloc_subnets (
  zone     varchar(31) not null,
  cidr     varchar(18) not null,
  slice_id bigint      not null,
  primary key (zone, cidr),
  constraint fk_alloc_subnets_slice foreign key (slice_id) references slices (id) on delete cascade
);
create index ix_alloc_subnets_slice on alloc_subnets (slice_id);

create table alloc_macs (
  mac      char(17) not null primary key,
  slice_id bigint   not null,
  constraint fk_alloc_macs_slice foreign key (slice_id) references slices (id) on delete cascade
);
create index ix_alloc_macs_slice on alloc_macs (slice_id);

create table deploy_jobs (
  id           bigint auto_increment primary key,
  slice_id     bigint        not null,
  kind         varchar(12)   not null,
  state        varchar(12)   not null,
  message      varchar(2000),
  requested_by varchar(31)   not null,
  plan_json    longtext,
  started_at   bigint        not null,
  finished_at  bigint,
  constraint fk_deploy_jobs_slice foreign key (slice_id) references slices (id) on delete cascade
);
create index ix_deploy_jobs_slice on deploy_jobs (slice_id, id);
create index ix_deploy_jobs_state on deploy_jobs (state);

create table job_events (
  job_id     bigint        not null,
  seq        int           not null,
  at         bigint        not null,
  event_json varchar(4000) not null,
  primary key (job_id, seq),
  constraint fk_job_events_job foreign key (job_id) references deploy_jobs (id) on delete cascade
);

-- No cascade from slices: a slice whose resources still exist on the platform cannot be deleted.
create table slice_resources (
  slice_id      bigint       not null,
  kind          varchar(32)  not null,
  name          varchar(128) not null,
  host          varchar(64)  not null,
  owner         varchar(64)  not null,
  teardown_rank int          not null,
  job_id        bigint       not null,
  created_at    bigint       not null,
  primary key (slice_id, kind, name, host),
  constraint fk_slice_resources_slice foreign key (slice_id) references slices (id)
);
