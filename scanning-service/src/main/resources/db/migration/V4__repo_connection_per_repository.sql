-- repo-config announces one repo.* event per repository of a connection, all keyed by the
-- connection id: the read model holds one row per (connection, repository), so a connection of
-- several repositories makes each of them known, and updates and disconnects apply per repository.
ALTER TABLE repo_connection DROP CONSTRAINT repo_connection_pkey;
ALTER TABLE repo_connection ADD PRIMARY KEY (connection_id, full_name_lower);
