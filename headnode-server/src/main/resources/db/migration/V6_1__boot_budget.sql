-- A disk image's size as its guest sees it (read from the file on upload; flavors must hold it),
-- and how long a VM of the image may take to boot, set by an admin (null: the zone's budget).
alter table images add column virtual_size_bytes bigint;
alter table images add column boot_seconds int;
