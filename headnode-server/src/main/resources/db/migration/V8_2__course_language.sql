-- Issue 15: the language of the mails a course sends its students (one-time passwords): there is
-- no per-user language, and a course is taught in one. 'en' or 'es'.
alter table courses add column language varchar(8) not null default 'en';
