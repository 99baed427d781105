-- How a student gets into their VMs (issue 19): the OpenSSH public key of their profile, which
-- cloud-init installs in every VM they deploy, and a slice's own cloud-config, merged into what
-- the server generates (hostname, key, password). Both null: none set.
-- 4096 characters hold an RSA key of 16384 bits with a comment; the cloud-config is bounded by the server (16 KiB).
alter table users add ssh_public_key varchar(4096);
alter table slices add cloud_config longtext;
