/**
 * The database: an embedded PostgreSQL (the default) or an external one, the connection pool, and
 * the versioned schema. PostgreSQL is the single source of truth for every job; nothing in Sluice keeps
 * state that the database does not also hold.
 */
package dev.sluice.database;
