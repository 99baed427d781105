-- Olimpus headnode schema. Runs unchanged on H2 (MODE=MySQL;DATABASE_TO_LOWER=TRUE) and on
-- MySQL/MariaDB: plain types only, times as epoch milliseconds (no time-zone surprises).

create table users (
  id            bigint auto_increment primary key,
  username      varchar(31)  not null,
  password_hash varchar(100) not null,
  role          varchar(10)  not null,
  disabled      boolean      not null default false,
  max_vms       int          not null,
  max_vcpus     int          not null,
  max_ram_mb    int          not null,
  created_at    bigint       not null,
  constraint uq_users_username unique (username)
);

-- Bearer tokens are stored only as their SHA-256: a copy of the table logs nobody in.
create table auth_tokens (
  token_sha256 char(64) not null primary key,
  user_id      bigint   not null,
  created_at   bigint   not null,
  expires_at   bigint   not null,
  constraint fk_tokens_user foreign key (user_id) references users (id) on delete cascade
);
create index ix_tokens_expiry on auth_tokens (expires_at);

create table flavors (
  id         bigint auto_increment primary key,
  name       varchar(31) not null,
  vcpus      int         not null,
  ram_mb     int         not null,
  disk_gb    int         not null,
  created_at bigint      not null,
  constraint uq_flavors_name unique (name)
);

-- An image is a disk (qcow2 or raw) or a kernel+initrd pair; it is ready when its files are all there.
create table images (
  id          bigint auto_increment primary key,
  name        varchar(31) not null,
  kind        varchar(10) not null,
  disk_format varchar(10),
  created_at  bigint      not null,
  constraint uq_images_name unique (name)
);

-- One row per stored file; path is relative to the image store folder.
create table image_files (
  image_id   bigint       not null,
  role       varchar(10)  not null,
  sha256     char(64)     not null,
  size_bytes bigint       not null,
  path       varchar(255) not null,
  created_at bigint       not null,
  primary key (image_id, role),
  constraint fk_image_files_image foreign key (image_id) references images (id) on delete cascade
);

create table zones (
  id         bigint auto_increment primary key,
  name       varchar(31)  not null,
  platform   varchar(16)  not null,
  nova_az    varchar(255),
  created_at bigint       not null,
  constraint uq_zones_name unique (name)
);

create table workers (
  id           bigint auto_increment primary key,
  zone_id      bigint       not null,
  name         varchar(31)  not null,
  mgmt_address varchar(255) not null,
  ssh_user     varchar(32)  not null,
  ssh_key_ref  varchar(255) not null,
  vcpus        int          not null,
  ram_mb       int          not null,
  disk_gb      int          not null,
  kvm          boolean      not null,
  created_at   bigint       not null,
  constraint uq_workers_name unique (name),
  constraint fk_workers_zone foreign key (zone_id) references zones (id) on delete cascade
);

-- A slice keeps its design document as JSON (what clients read back) and, normalized,
-- its VMs, switches and links (what the engine and the catalog checks query).
create table slices (
  id            bigint auto_increment primary key,
  owner_id      bigint      not null,
  name          varchar(31) not null,
  zone          varchar(31),
  status        varchar(16) not null,
  vm_count      int         not null,
  vcpus         int         not null,
  ram_mb        int         not null,
  topology_json longtext    not null,
  version       int         not null,
  created_at    bigint      not null,
  updated_at    bigint      not null,
  constraint uq_slices_owner_name unique (owner_id, name),
  constraint fk_slices_owner foreign key (owner_id) references users (id)
);
create index ix_slices_status on slices (status);
-- A user's list, in creation order: served from the index without a sort.
create index ix_slices_owner_id on slices (owner_id, id);

create table slice_vms (
  slice_id bigint      not null,
  node_id  varchar(64) not null,
  name     varchar(31) not null,
  flavor   varchar(31) not null,
  image    varchar(31) not null,
  zone     varchar(31),
  internet boolean     not null,
  vcpus    int         not null,
  ram_mb   int         not null,
  disk_gb  int         not null,
  primary key (slice_id, node_id),
  constraint fk_slice_vms_slice foreign key (slice_id) references slices (id) on delete cascade
);
create index ix_slice_vms_image on slice_vms (image);
create index ix_slice_vms_flavor on slice_vms (flavor);

create table slice_switches (
  slice_id bigint      not null,
  node_id  varchar(64) not null,
  name     varchar(31) not null,
  primary key (slice_id, node_id),
  constraint fk_slice_switches_slice foreign key (slice_id) references slices (id) on delete cascade
);

create table slice_links (
  slice_id  bigint      not null,
  link_id   varchar(64) not null,
  a_node_id varchar(64) not null,
  b_node_id varchar(64) not null,
  primary key (slice_id, link_id),
  constraint fk_slice_links_slice foreign key (slice_id) references slices (id) on delete cascade
);

create table audit_log (
  id      bigint auto_increment primary key,
  at      bigint        not null,
  actor   varchar(31),
  action  varchar(64)   not null,
  target  varchar(255),
  detail  varchar(1000)
);
create index ix_audit_at on audit_log (at);
