/** network-open-ingress over database firewall rules and Cloud SQL authorized networks (catalog/database-firewalls.ts). */
import { describe, expect, it } from 'vitest';
import { created, findingsOf, updated } from '../support/plan-factory.js';

const find = (...changes: Parameters<typeof findingsOf>[1]) => findingsOf('network-open-ingress', changes);

describe('Azure database firewall rules', () => {
  it('reports 0.0.0.0–255.255.255.255 on an Azure SQL server as high', () => {
    const findings = find(created('azurerm_mssql_firewall_rule', { name: 'all', server_id: '/subscriptions/x/servers/orders', start_ip_address: '0.0.0.0', end_ip_address: '255.255.255.255' }, { name: 'all' }));
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ['high', 'azurerm_mssql_firewall_rule.all opens the SQL server (port 1433) to the whole internet ("0.0.0.0"–"255.255.255.255").'],
    ]);
  });

  it.each(['azurerm_postgresql_flexible_server_firewall_rule', 'azurerm_mysql_flexible_server_firewall_rule', 'azurerm_synapse_firewall_rule'])('reads %s', (type) => {
    expect(find(created(type, { name: 'all', start_ip_address: '0.0.0.0', end_ip_address: '255.255.255.255' })).map((f) => f.severity)).toEqual(['high']);
  });

  it('reads the Redis rule\'s start_ip / end_ip', () => {
    expect(find(created('azurerm_redis_firewall_rule', { name: 'all', start_ip: '0.0.0.0', end_ip: '255.255.255.255' })).map((f) => f.severity)).toEqual(['high']);
  });

  it('says nothing of "Azure services" (0.0.0.0–0.0.0.0), an office range, or an unchanged open rule', () => {
    expect(find(created('azurerm_mssql_firewall_rule', { name: 'azure', start_ip_address: '0.0.0.0', end_ip_address: '0.0.0.0' }))).toEqual([]);
    expect(find(created('azurerm_mssql_firewall_rule', { name: 'office', start_ip_address: '203.0.113.0', end_ip_address: '203.0.113.255' }))).toEqual([]);
    const open = { name: 'all', start_ip_address: '0.0.0.0', end_ip_address: '255.255.255.255' };
    expect(find(updated('azurerm_mssql_firewall_rule', open, { ...open, name: 'all-2' }))).toEqual([]);
  });
});

describe('Cloud SQL authorized networks', () => {
  const instance = (networks: { name: string; value: string }[]) =>
    created('google_sql_database_instance', {
      name: 'orders', database_version: 'POSTGRES_16', deletion_protection: true,
      settings: [{ tier: 'db-custom-2-7680', ip_configuration: [{ ipv4_enabled: true, authorized_networks: networks.map((n) => ({ ...n, expiration_time: '' })) }] }],
    }, { name: 'orders' });

  it('reports 0.0.0.0/0 as high', () => {
    const findings = find(instance([{ name: 'office', value: '203.0.113.0/24' }, { name: 'anyone', value: '0.0.0.0/0' }]));
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ['high', 'google_sql_database_instance.orders (settings[0].ip_configuration[0].authorized_networks) opens the Cloud SQL instance\'s public IP (its database port) to the whole internet ("0.0.0.0/0").'],
    ]);
  });

  it('reports ranges that together cover the internet', () => {
    expect(find(instance([{ name: 'a', value: '0.0.0.0/1' }, { name: 'b', value: '128.0.0.0/1' }])).map((f) => f.severity)).toEqual(['high']);
  });

  it('says nothing of specific networks', () => {
    expect(find(instance([{ name: 'office', value: '203.0.113.0/24' }]))).toEqual([]);
  });
});
