-- Secrets the server keeps across restarts: the key that signs page cursors, so that a cursor
-- issued before a restart is still one this server issued (spec/README.md, "Pagination").
CREATE TABLE server_keys (
    name   VARCHAR(64)  PRIMARY KEY,
    secret VARCHAR(128) NOT NULL
);
