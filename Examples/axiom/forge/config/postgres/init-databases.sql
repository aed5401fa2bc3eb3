-- Runs once, when forge-postgres initialises an empty data volume.
-- One database per application; all of them belong to POSTGRES_USER.
CREATE DATABASE synapse;
CREATE DATABASE nexus;
CREATE DATABASE prism;
