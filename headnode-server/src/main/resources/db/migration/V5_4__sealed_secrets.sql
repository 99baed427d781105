-- Zone secrets are stored sealed (AES-GCM, base64, with a prefix): a 1024-character password
-- takes up to about 4150 characters once sealed.
alter table zone_settings modify secret varchar(8192);
