-- Classroom labs (issue 15): a lab template (a design, in the same document format slices use)
-- published to a course with a window and options; one slice per enrolled student, linked to it.

-- state: PUBLISHED (not open yet), OPEN, CLOSED. opens_at/closes_at: epoch millis, null = by hand only.
-- idle_minutes: no console or API activity by a student for this long stops their copy's VMs; null = never.
create table labs (
  id                 bigint auto_increment primary key,
  course_id          bigint      not null,
  name               varchar(20) not null,
  template_json      longtext    not null,
  opens_at           bigint,
  closes_at          bigint,
  deploy_at_open     boolean     not null,
  undeploy_at_close  boolean     not null,
  idle_minutes       int,
  students_may_edit  boolean     not null,
  state              varchar(10) not null,
  created_at         bigint      not null,
  constraint uq_labs_course_name unique (course_id, name),
  constraint fk_labs_course foreign key (course_id) references courses (id) on delete cascade
);
create index ix_labs_state on labs (state);

-- A student's copy of a lab: resets and closes find their slices here, and the slices' edits check it.
create table lab_slices (
  lab_id    bigint not null,
  user_id   bigint not null,
  slice_id  bigint not null,
  primary key (lab_id, user_id),
  constraint uq_lab_slices_slice unique (slice_id),
  constraint fk_lab_slices_lab foreign key (lab_id) references labs (id) on delete cascade,
  constraint fk_lab_slices_user foreign key (user_id) references users (id) on delete cascade,
  constraint fk_lab_slices_slice foreign key (slice_id) references slices (id) on delete cascade
);

-- When each user last called the API or opened a console (at most one write a minute per user):
-- what the idle timeout of labs reads.
create table user_activity (
  user_id  bigint not null primary key,
  last_at  bigint not null,
  constraint fk_user_activity_user foreign key (user_id) references users (id) on delete cascade
);
