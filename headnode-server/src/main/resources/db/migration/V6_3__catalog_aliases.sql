-- Other names of catalog entries (a course file's "Golden Zone" for the zone golden), set by admins.
-- alias_key is the alias trimmed and lower-cased: what designs are matched by; alias keeps its spelling.
create table catalog_aliases (
    kind       varchar(8)   not null,
    alias_key  varchar(100) not null,
    alias      varchar(100) not null,
    target     varchar(31)  not null,
    created_at bigint       not null,
    primary key (kind, alias_key)
);
create index catalog_aliases_target on catalog_aliases (kind, target);
