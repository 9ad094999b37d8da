-- The console's text search (GET /api/alerts?q=) over message and labels, indexed like SQLite's
-- trigram FTS5 table (its migration 0006): every distinct lower-cased three-character piece of an
-- alert's message and labels is a row keyed by (trigram, alert). A search of three characters or
-- more keeps the alerts holding every trigram of the text (index seeks, no scan of the alerts),
-- and LIKE then checks the text itself among those. Full-text indexing (CONTAINS) was not taken:
-- it matches words and word prefixes, not any part of a label value, it is filled in the
-- background (an alert just stored would not be found yet), and not every edition or container
-- image has it installed. The store keeps the rows in step in the transaction of each insert and
-- of each update that changes a message (SqlServerStatements.Insert / Update); a deleted alert's
-- rows go with it (ON DELETE CASCADE). BIN2: the pieces are compared as they were cut, whatever
-- the database's collation.
CREATE TABLE dbo.alert_search_trigrams (
    trigram  nchar(3) COLLATE Latin1_General_100_BIN2 NOT NULL,
    alert_id varchar(36) NOT NULL CONSTRAINT fk_alert_search_trigrams_alert REFERENCES dbo.alerts (id) ON DELETE CASCADE,
    CONSTRAINT pk_alert_search_trigrams PRIMARY KEY CLUSTERED (trigram, alert_id)
);

CREATE NONCLUSTERED INDEX ix_alert_search_trigrams_alert ON dbo.alert_search_trigrams (alert_id);

-- The alerts stored before this migration: each alert's message and labels as texts, each text's
-- positions from a row-number tally, every distinct piece once. The same cut as
-- SqlServerStatements.TrigramsOf, written out here because a migration is history: it must not
-- change when the code does.
INSERT INTO dbo.alert_search_trigrams (trigram, alert_id)
SELECT DISTINCT CAST(LOWER(SUBSTRING(s.text, n.n, 3)) AS nchar(3)) COLLATE Latin1_General_100_BIN2, s.id
FROM (SELECT id, CAST(message AS nvarchar(max)) AS text FROM dbo.alerts
      UNION ALL
      SELECT id, labels FROM dbo.alerts) AS s
CROSS APPLY (
    SELECT TOP (CASE WHEN DATALENGTH(s.text) / 2 >= 3 THEN DATALENGTH(s.text) / 2 - 2 ELSE 0 END)
           ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS n
    FROM (VALUES (0), (0), (0), (0), (0), (0), (0), (0), (0), (0)) AS d1(x)
    CROSS JOIN (VALUES (0), (0), (0), (0), (0), (0), (0), (0), (0), (0)) AS d2(x)
    CROSS JOIN (VALUES (0), (0), (0), (0), (0), (0), (0), (0), (0), (0)) AS d3(x)
    CROSS JOIN (VALUES (0), (0), (0), (0), (0), (0), (0), (0), (0), (0)) AS d4(x)
    CROSS JOIN (VALUES (0), (0), (0), (0), (0), (0), (0), (0), (0), (0)) AS d5(x)
    CROSS JOIN (VALUES (0), (0), (0), (0), (0), (0), (0), (0), (0), (0)) AS d6(x)
) AS n;
