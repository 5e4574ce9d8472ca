/**
 * Network exposure that is not a security-group rule: database firewall rules given as an address
 * range, and database network lists. One row per type, citing its provider page (keys as in
 * rule-catalog.md §0 and §5).
 */
import type { AttributePath } from '../plan/model.js';

export interface FirewallRangeRow {
  /** A resource that is one firewall rule: addresses from `start` to `end` may connect. */
  type: string;
  start: string;
  end: string;
  /** What the rule opens, completing "opens …". */
  opens: string;
  source: string;
}

/** `0.0.0.0`–`0.0.0.0` means "Azure services" on these (AZd:mssql_firewall_rule), not the internet. */
export const FIREWALL_RANGES: readonly FirewallRangeRow[] = [
  { type: 'azurerm_mssql_firewall_rule', start: 'start_ip_address', end: 'end_ip_address', opens: 'the SQL server (port 1433)', source: 'AZd:mssql_firewall_rule' },
  { type: 'azurerm_mysql_flexible_server_firewall_rule', start: 'start_ip_address', end: 'end_ip_address', opens: 'the MySQL server (port 3306)', source: 'AZd:mysql_flexible_server_firewall_rule' },
  { type: 'azurerm_postgresql_flexible_server_firewall_rule', start: 'start_ip_address', end: 'end_ip_address', opens: 'the PostgreSQL server (port 5432)', source: 'AZd:postgresql_flexible_server_firewall_rule' },
  { type: 'azurerm_redis_firewall_rule', start: 'start_ip', end: 'end_ip', opens: 'the Redis cache (ports 6379/6380)', source: 'AZd:redis_firewall_rule' },
  { type: 'azurerm_synapse_firewall_rule', start: 'start_ip_address', end: 'end_ip_address', opens: 'the Synapse workspace SQL endpoints (port 1433)', source: 'AZd:synapse_firewall_rule' },
];

export interface NetworkListRow {
  type: string;
  /** The list of allowed networks. */
  list: AttributePath;
  /** The CIDR attribute of each entry. */
  cidr: string;
  opens: string;
  source: string;
}

export const NETWORK_LISTS: readonly NetworkListRow[] = [
  { type: 'google_sql_database_instance', list: ['settings', 0, 'ip_configuration', 0, 'authorized_networks'], cidr: 'value', opens: "the Cloud SQL instance's public IP (its database port)", source: 'GCd:sql_database_instance' },
];
