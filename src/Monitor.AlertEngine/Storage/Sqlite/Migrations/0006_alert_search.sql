-- The console's text search (GET /api/alerts?q=) over message and labels, indexed: an FTS5 table
-- with the trigram tokenizer finds any substring of three characters or more (case-insensitive)
-- without reading every alert. External content: the text lives once, in alerts; triggers keep
-- the index in step with every insert, update of the searched columns, and delete (retention).
CREATE VIRTUAL TABLE alert_search USING fts5(message, labels, content = 'alerts', content_rowid = 'rowid', tokenize = 'trigram');

INSERT INTO alert_search (rowid, message, labels) SELECT rowid, message, labels FROM alerts;

CREATE TRIGGER alert_search_insert AFTER INSERT ON alerts BEGIN
    INSERT INTO alert_search (rowid, message, labels) VALUES (new.rowid, new.message, new.labels);
END;

CREATE TRIGGER alert_search_delete AFTER DELETE ON alerts BEGIN
    INSERT INTO alert_search (alert_search, rowid, message, labels) VALUES ('delete', old.rowid, old.message, old.labels);
END;

CREATE TRIGGER alert_search_update AFTER UPDATE OF message, labels ON alerts BEGIN
    INSERT INTO alert_search (alert_search, rowid, message, labels) VALUES ('delete', old.rowid, old.message, old.labels);
    INSERT INTO alert_search (rowid, message, labels) VALUES (new.rowid, new.message, new.labels);
END;
