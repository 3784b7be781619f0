-- The OM file drop claims a file's key prefix (content hash + ':') with a marker row '<prefix>*' before its first
-- record, and skips the per-record lookup on a first run (JdbcIdempotentRepository.claimPrefix). Contents with
-- records stored before markers existed get their marker here, so a resumed run of one of them still looks up
-- every record.
INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt)
SELECT DISTINCT processorName, SUBSTRING(messageId FROM 1 FOR POSITION(':' IN messageId)) || '*', CURRENT_TIMESTAMP
FROM CAMEL_MESSAGEPROCESSED
WHERE processorName = 'om-file-drop' AND POSITION(':' IN messageId) > 0;
