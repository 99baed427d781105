-- Classroom (issue 15): courses owned by an instructor, their enrolled students, and the one-time
-- passwords of students a roster import created, kept sealed until they are handed out.

-- A student given a one-time password must choose their own at first login; nothing else works before.
alter table users add column must_change_password boolean not null default false;

-- A course: its owner (an instructor, or an admin), the zone its labs run in, and the limits of
-- each enrolled student's slices of the course (max_vms, max_vcpus, max_ram_mb per student).
create table courses (
  id          bigint auto_increment primary key,
  name        varchar(31) not null,
  owner_id    bigint      not null,
  zone        varchar(31) not null,
  max_vms     int         not null,
  max_vcpus   int         not null,
  max_ram_mb  int         not null,
  created_at  bigint      not null,
  -- when the one-time passwords were downloaded (null: never); a second download is refused
  credentials_handed_out_at bigint,
  constraint uq_courses_name unique (name),
  constraint fk_courses_owner foreign key (owner_id) references users (id)
);
create index ix_courses_owner on courses (owner_id);

create table course_students (
  course_id   bigint not null,
  user_id     bigint not null,
  enrolled_at bigint not null,
  -- where the course mails this student's one-time passwords (from the roster; null: not given)
  email       varchar(254),
  primary key (course_id, user_id),
  constraint fk_course_students_course foreign key (course_id) references courses (id) on delete cascade,
  constraint fk_course_students_user foreign key (user_id) references users (id) on delete cascade
);
create index ix_course_students_user on course_students (user_id);

-- One-time passwords not yet handed out, sealed with the server's secret key (SecretBox); the
-- download deletes them, so a sheet exists once.
create table course_credentials (
  course_id       bigint       not null,
  user_id         bigint       not null,
  password_sealed varchar(255) not null,
  created_at      bigint       not null,
  primary key (course_id, user_id),
  constraint fk_course_credentials_course foreign key (course_id) references courses (id) on delete cascade,
  constraint fk_course_credentials_user foreign key (user_id) references users (id) on delete cascade
);
