-- Records of dropped OM event files that OM confirmed (code 0), keyed by file content hash and record
-- position: a resumed or re-dropped file skips them. The schema of camel-sql's JdbcMessageIdRepository,
-- used through io.camelbundle.persistence.JdbcIdempotentRepository (see there why not camel-sql itself).
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(100) NOT NULL,
    createdAt     TIMESTAMP,
    PRIMARY KEY (processorName, messageId)
);
