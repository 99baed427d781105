-- Limits on what a user may store as drafts (issue 13, item 8): a slice's design costs CPU to
-- validate and disk to keep even when nothing of it runs. Existing users get the built-in
-- defaults (Quota.DEFAULT_*); an admin raises or lowers them per user.
alter table users add column max_slices int not null default 20;
alter table users add column max_nodes int not null default 200;
alter table users add column max_links int not null default 400;
