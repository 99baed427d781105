-- What a failed VM left before its rollback deleted it (issue 21, defect 2): the end of its serial
-- console and of its hypervisor's error output, each at most a few KiB of printable text, kept
-- with the job so a restarted server still shows why the deploy failed.
create table job_evidence (
  job_id       bigint       not null,
  vm_id        varchar(64)  not null,
  vm_name      varchar(64)  not null,
  console      longtext     not null,
  platform_log longtext     not null,
  at           bigint       not null,
  primary key (job_id, vm_id),
  constraint fk_job_evidence_job foreign key (job_id) references deploy_jobs (id) on delete cascade
);
