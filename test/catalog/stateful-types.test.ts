import { describe, it, expect } from 'vitest';
import { STATEFUL_TYPES, type StatefulTypeRow } from '../../src/catalog/stateful-types.js';
import { statefulCatalog } from '../../src/catalog/stateful.js';

const PREFIXES: Record<StatefulTypeRow['provider'], readonly string[]> = {
  aws: ['aws_'],
  google: ['google_'],
  azurerm: ['azurerm_'],
  kubernetes: ['kubernetes_'],
  other: ['mongodbatlas_', 'cloudflare_'],
};

/** Citation keys each provider's rows may use (rule-catalog.md §0). */
const SOURCE_KEYS: Record<StatefulTypeRow['provider'], readonly string[]> = {
  aws: ['AWSs', 'AWSd', 'AWScur'],
  google: ['GCs', 'GCd'],
  azurerm: ['AZd', 'AZ3d', 'AZfeat'],
  kubernetes: ['K8S'],
  other: ['MDB', 'CF'],
};

const row = (type: string) => STATEFUL_TYPES.find((r) => r.type === type);
const rowsOf = (provider: StatefulTypeRow['provider']) => STATEFUL_TYPES.filter((r) => r.provider === provider);

describe('STATEFUL_TYPES table', () => {
  it('has no duplicate types', () => {
    const types = STATEFUL_TYPES.map((r) => r.type);
    const duplicates = types.filter((type, index) => types.indexOf(type) !== index);
    expect(duplicates).toEqual([]);
  });

  it('has at least 200 rows', () => {
    expect(STATEFUL_TYPES.length).toBeGreaterThanOrEqual(200);
  });

  it('pins the commit of every citation that is not to the catalog\'s fixed provider versions (AWScur, AZ3d)', () => {
    const unpinned = STATEFUL_TYPES.flatMap((r) => r.source.split('; ')).filter((key) => /^(AWScur|AZ3d):/.test(key) && !/@[0-9a-f]{8,40}$/.test(key));
    expect(unpinned).toEqual([]);
  });

  it.each([
    ['aws', 80],
    ['google', 50],
    ['azurerm', 70],
    ['kubernetes', 8],
    ['other', 4],
  ] as const)('has at least %s=%i rows for provider group', (provider, minimum) => {
    expect(rowsOf(provider).length).toBeGreaterThanOrEqual(minimum);
  });

  it('gives every row a non-empty loses phrase without a trailing period (the rule appends one)', () => {
    const bad = STATEFUL_TYPES.filter((r) => r.loses.trim() === '' || r.loses !== r.loses.trim() || r.loses.endsWith('.'));
    expect(bad.map((r) => r.type)).toEqual([]);
  });

  it("cites every row with citation keys of the row's own provider", () => {
    const bad = STATEFUL_TYPES.filter((r) => {
      const keys = r.source.split('; ');
      return (
        r.source.trim() === '' ||
        keys.some((key) => {
          const prefix = key.split(':')[0] ?? '';
          const rest = key.slice(prefix.length);
          return !SOURCE_KEYS[r.provider].includes(prefix) || (prefix !== 'AZfeat' && !/^:\S+$/.test(rest));
        })
      );
    });
    expect(bad.map((r) => `${r.type}: ${r.source}`)).toEqual([]);
  });

  it('names every type as a Terraform resource type with the prefix of its provider', () => {
    const bad = STATEFUL_TYPES.filter(
      (r) => !/^[a-z0-9]+(_[a-z0-9]+)+$/.test(r.type) || !PREFIXES[r.provider].some((prefix) => r.type.startsWith(prefix)),
    );
    expect(bad.map((r) => `${r.provider} ${r.type}`)).toEqual([]);
  });

  it('keeps each provider group contiguous and sorted by type', () => {
    const order = STATEFUL_TYPES.map((r) => r.provider).filter((provider, index, all) => index === 0 || all[index - 1] !== provider);
    expect(order).toEqual(['aws', 'google', 'azurerm', 'kubernetes', 'other']);
    for (const provider of order) {
      const types = rowsOf(provider).map((r) => r.type);
      expect(types).toEqual([...types].sort());
    }
  });

  it('lists both the unversioned and the _v1 name of each Kubernetes type', () => {
    const types = new Set(rowsOf('kubernetes').map((r) => r.type));
    const unpaired = [...types].filter((type) => (type.endsWith('_v1') ? !types.has(type.slice(0, -3)) : !types.has(`${type}_v1`)));
    expect(unpaired).toEqual([]);
  });

  it('includes the primary data stores with what they lose', () => {
    expect(row('aws_db_instance')).toMatchObject({ provider: 'aws', source: 'AWSs:rds/instance.go' });
    expect(row('aws_db_instance')?.loses).toContain('delete_automated_backups defaults to true');
    expect(row('google_compute_disk')?.loses).toContain('create_snapshot_before_destroy');
    expect(row('google_compute_instance')?.loses).toContain('boot_disk.auto_delete defaults to true');
    expect(row('azurerm_key_vault')?.loses).toContain('purged on destroy by default');
    expect(row('kubernetes_persistent_volume_claim_v1')?.loses).toContain('reclaim policy is Delete');
    expect(row('kubernetes_persistent_volume_claim')).toMatchObject({ provider: 'kubernetes' });
    expect(row('google_firestore_database')?.loses).toContain('default ABANDON');
    // Types a reviewer found missing (issue #11), among them some with a protection or backup row.
    for (const type of [
      'aws_s3tables_table_bucket', 'aws_docdb_global_cluster', 'aws_neptune_global_cluster', 'aws_fsx_ontap_volume', 'aws_kms_external_key',
      'google_secret_manager_regional_secret', 'google_privateca_certificate_authority', 'google_dataproc_metastore_service',
      'azurerm_postgresql_server', 'azurerm_mysql_server', 'azurerm_mariadb_server', 'azurerm_sql_server', 'azurerm_sql_database',
      'aws_dsql_cluster', 'aws_docdbelastic_cluster', 'aws_elasticache_serverless_cache', 'aws_cloudtrail_event_data_store',
      'google_healthcare_fhir_store', 'google_kms_crypto_key_version', 'azurerm_netapp_volume', 'azurerm_managed_lustre_file_system',
      'azurerm_elastic_san_volume', 'azurerm_cosmosdb_cassandra_keyspace', 'azurerm_cosmosdb_gremlin_graph', 'azurerm_cosmosdb_table',
      'azurerm_storage_queue', 'azurerm_storage_table', 'azurerm_key_vault_certificate', 'azurerm_key_vault_managed_hardware_security_module',
    ]) {
      expect(row(type), type).toBeDefined();
    }
    for (const type of ['aws_s3_bucket', 'aws_dynamodb_table', 'aws_kms_key', 'google_sql_database_instance', 'google_storage_bucket', 'azurerm_storage_account', 'azurerm_managed_disk', 'cloudflare_d1_database', 'mongodbatlas_advanced_cluster']) {
      expect(row(type), type).toBeDefined();
    }
  });

  it('leaves out compute in front of data held elsewhere, and types whose destroy loses no data', () => {
    const absent = [
      'aws_rds_cluster_instance',
      'aws_dax_cluster',
      'aws_kinesis_firehose_delivery_stream',
      'google_alloydb_instance',
      'google_kms_key_ring',
      'google_folder',
      'kubernetes_storage_class',
      'kubernetes_storage_class_v1',
      'kubernetes_manifest',
    ];
    expect(absent.filter((type) => row(type) !== undefined)).toEqual([]);
  });
});

describe('statefulCatalog()', () => {
  it('finds a built-in type with its loses text', () => {
    const builtIn = row('aws_db_instance');
    expect(statefulCatalog().lookup('aws_db_instance')).toEqual({ type: 'aws_db_instance', loses: builtIn?.loses, source: 'built-in' });
  });

  it('returns null for a type that is neither built in nor included', () => {
    expect(statefulCatalog().lookup('aws_security_group')).toBeNull();
    expect(statefulCatalog({ include: ['acme_*'] }).lookup('aws_rds_cluster_instance')).toBeNull();
  });

  it('adds types matching an include glob, marked as coming from the policy', () => {
    const catalog = statefulCatalog({ include: ['acme_*', 'aws_dax_cluster'] });
    expect(catalog.lookup('acme_store')).toEqual({
      type: 'acme_store',
      loses: 'the data this resource holds (declared stateful by the policy file)',
      source: 'policy',
    });
    expect(catalog.lookup('aws_dax_cluster')?.source).toBe('policy');
    expect(catalog.lookup('acme')).toBeNull();
  });

  it('keeps the built-in entry when an include glob also matches a built-in type', () => {
    expect(statefulCatalog({ include: ['aws_*'] }).lookup('aws_s3_bucket')?.source).toBe('built-in');
  });

  it('removes built-in types matching an exclude glob and keeps the rest', () => {
    const catalog = statefulCatalog({ exclude: ['aws_s3_*', 'kubernetes_secret'] });
    expect(catalog.lookup('aws_s3_bucket')).toBeNull();
    expect(catalog.lookup('aws_s3_directory_bucket')).toBeNull();
    expect(catalog.lookup('kubernetes_secret')).toBeNull();
    expect(catalog.lookup('kubernetes_secret_v1')?.source).toBe('built-in');
    expect(catalog.lookup('aws_db_instance')?.source).toBe('built-in');
  });

  it('lets exclude win over include', () => {
    const catalog = statefulCatalog({ include: ['acme_*'], exclude: ['acme_cache'] });
    expect(catalog.lookup('acme_cache')).toBeNull();
    expect(catalog.lookup('acme_db')?.source).toBe('policy');
  });

  it('looks a kubernetes_manifest up by its kind, unless the policy excludes the type', () => {
    const pvc = { manifest: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' } } };
    expect(statefulCatalog().lookupObject('kubernetes_manifest', pvc)).toMatchObject({ type: 'kubernetes_manifest (kind PersistentVolumeClaim)', source: 'built-in' });
    expect(statefulCatalog().lookupObject('kubernetes_manifest', { manifest: { kind: 'ConfigMap' } })).toBeNull();
    expect(statefulCatalog().lookupObject('kubernetes_manifest', null)).toBeNull();
    expect(statefulCatalog({ exclude: ['kubernetes_manifest'] }).lookupObject('kubernetes_manifest', pvc)).toBeNull();
    expect(statefulCatalog().lookupObject('aws_s3_bucket', null)?.source).toBe('built-in');
  });

  it('answers the same on repeated lookups', () => {
    const catalog = statefulCatalog({ exclude: ['google_*'] });
    expect(catalog.lookup('google_storage_bucket')).toBeNull();
    expect(catalog.lookup('google_storage_bucket')).toBeNull();
    expect(catalog.lookup('azurerm_storage_account')).toEqual(catalog.lookup('azurerm_storage_account'));
    expect(catalog.lookup('azurerm_storage_account')?.source).toBe('built-in');
  });
});
