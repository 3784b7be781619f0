-- The retention route deletes the file drops' keys by age (JdbcIdempotentRepository.purgeOlderThan): an index on
-- the age per processor keeps each batch from scanning the whole table.
CREATE INDEX camel_messageprocessed_created ON CAMEL_MESSAGEPROCESSED (processorName, createdAt);
