/**
 * Provider actions (Terraform 1.14+ `action` blocks) that destroy data or interrupt a service when
 * they run. One row per action type, each a fact a reviewer can check on the action's page in the
 * provider's documentation (`source`). An action is an operation, not a resource: the plan shows
 * that it will run, never what it removes.
 *
 * Left out on purpose: actions that only send or start something (aws_lambda_invoke,
 * aws_sns_publish, aws_ses_send_email, aws_sfn_start_execution, aws_codebuild_start_build,
 * aws_events_put_events, aws_cloudfront_create_invalidation) or copy data (aws_dynamodb_create_backup).
 * Every action, listed or not, is named in the plan's warnings.
 */
import type { Severity } from '../rules/types.js';

export interface ActionTypeRow {
  type: string;
  /** What running it does, completing "It …" (no trailing period). */
  does: string;
  severity: Severity;
  /**
   * The config argument holding SQL the action runs, when it runs SQL: the statement then
   * decides the severity (DROP or TRUNCATE critical, other writes high, reads no finding).
   */
  sqlArgument?: string;
  /** The argument naming what it acts on, shown when known and not sensitive. */
  targetArgument?: string;
  source: string;
}

const AWS_ACTIONS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/actions/';

export const DESTRUCTIVE_ACTION_TYPES: readonly ActionTypeRow[] = [
  { type: 'aws_ec2_stop_instance', does: 'stops the EC2 instance, interrupting what runs on it (with force = true, without flushing file system caches)', severity: 'medium', targetArgument: 'instance_id', source: `${AWS_ACTIONS}ec2_stop_instance` },
  { type: 'aws_odb_reboot_db_node', does: 'reboots an Oracle Database@AWS node (downtime)', severity: 'medium', source: `${AWS_ACTIONS}odb_reboot_db_node` },
  { type: 'aws_odb_stop_db_node', does: 'stops an Oracle Database@AWS node (downtime)', severity: 'medium', source: `${AWS_ACTIONS}odb_stop_db_node` },
  { type: 'aws_rds_cluster_instance_reboot', does: 'reboots an Aurora DB instance (downtime)', severity: 'medium', source: `${AWS_ACTIONS}rds_cluster_instance_reboot` },
  { type: 'aws_rdsdata_query', does: 'runs SQL against the Aurora database through the RDS Data API', severity: 'high', sqlArgument: 'sql', targetArgument: 'resource_arn', source: `${AWS_ACTIONS}rdsdata_query` },
  { type: 'aws_s3_empty_bucket', does: 'deletes every object and every object version in the bucket (only those under `prefix` when set); the bucket stays, empty', severity: 'critical', targetArgument: 'bucket_name', source: `${AWS_ACTIONS}s3_empty_bucket` },
  { type: 'aws_ssm_send_command', does: 'runs an SSM command document on the targeted instances, with whatever that command changes or deletes', severity: 'high', source: `${AWS_ACTIONS}ssm_send_command` },
  { type: 'aws_vpc_delete_default_vpc', does: "deletes the region's default VPC with its subnets, internet gateways, route tables and security groups, cutting off anything still running in it", severity: 'high', source: `${AWS_ACTIONS}vpc_delete_default_vpc` },
];
