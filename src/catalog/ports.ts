/**
 * Ports whose exposure to the internet matters, one row per port or range.
 * `exposure: 'high'` rows make an open rule high; `'web'` rows are the ports meant to be public,
 * so a rule that opens nothing else is low. Every other port opened to the world is medium.
 * Sources: shared/reference/rule-catalog.md §5.4 (Checkov ids, Datadog admin-ports list,
 * Alibaba security-group checks; the database/admin ports the catalog marks UNVERIFIED are the
 * well-known IANA/vendor defaults of those services).
 */
export type PortExposure = 'high' | 'web';

export interface SensitivePortRow {
  from: number;
  to: number;
  service: string;
  exposure: PortExposure;
  source: string;
}

export const SENSITIVE_PORTS: readonly SensitivePortRow[] = [
  { from: 22, to: 22, service: 'SSH', exposure: 'high', source: 'CKV_AWS_24, CKV_GCP_2, CKV_AZURE_10' },
  { from: 3389, to: 3389, service: 'RDP', exposure: 'high', source: 'CKV_AWS_25, CKV_GCP_3, CKV_AZURE_9' },
  { from: 20, to: 21, service: 'FTP', exposure: 'high', source: 'CKV_GCP_77, CKV_GCP_75' },
  { from: 23, to: 23, service: 'Telnet', exposure: 'high', source: 'Datadog admin ports list' },
  { from: 115, to: 115, service: 'SFTP (RFC 913)', exposure: 'high', source: 'Datadog admin ports list' },
  { from: 135, to: 135, service: 'Windows RPC', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 137, to: 139, service: 'NetBIOS', exposure: 'high', source: 'Datadog admin ports list' },
  { from: 445, to: 445, service: 'SMB', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 2049, to: 2049, service: 'NFS', exposure: 'high', source: 'Datadog admin ports list' },
  { from: 3306, to: 3306, service: 'MySQL', exposure: 'high', source: 'CKV_GCP_88' },
  { from: 5432, to: 5432, service: 'PostgreSQL', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 1433, to: 1434, service: 'SQL Server', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 1521, to: 1521, service: 'Oracle', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 27017, to: 27017, service: 'MongoDB', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 50000, to: 50000, service: 'DB2', exposure: 'high', source: 'Alibaba Cloud Firewall checks' },
  { from: 9200, to: 9200, service: 'Elasticsearch', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 9300, to: 9300, service: 'Elasticsearch transport', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 5601, to: 5601, service: 'Kibana', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 6379, to: 6379, service: 'Redis', exposure: 'high', source: '§5.4 (secondary source)' },
  { from: 11211, to: 11211, service: 'Memcached', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 9092, to: 9092, service: 'Kafka', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 2375, to: 2376, service: 'Docker API', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 2379, to: 2379, service: 'etcd', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 6443, to: 6443, service: 'Kubernetes API', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 5900, to: 5900, service: 'VNC', exposure: 'high', source: '§5.4 (UNVERIFIED list)' },
  { from: 80, to: 80, service: 'HTTP', exposure: 'web', source: 'CKV_AWS_260, CKV_GCP_106, CKV_AZURE_160' },
  { from: 443, to: 443, service: 'HTTPS', exposure: 'web', source: 'Security Hub EC2.18 default authorizedTcpPorts 80, 443' },
];

export const MIN_PORT = 0;
export const MAX_PORT = 65535;
