// What the console shows of each AWS service: the columns of its tables and the metrics metrics-collector keeps. The
// inventory's filters come from scan-orchestrator itself (GET /api/inventory/{service}/schema).
import { text, yesNo } from './format.js';

const column = (key, label, show = (row) => text(row[key])) => ({ key, label, show });
const flag = (key, label) => column(key, label, (row) => yesNo(row[key]));
const tagName = column('name', 'Name', (row) => text(row.tags?.Name));

export const SERVICES = {
  ec2: {
    label: 'EC2',
    idField: 'instanceId',
    columns: [column('instanceId', 'Instance'), tagName, column('instanceType', 'Type'), column('state', 'State'),
      column('region', 'Region'), column('publicIp', 'Public IP'), flag('imdsV2Required', 'IMDSv2'),
      column('vpcId', 'VPC')],
    metrics: [
      { name: 'cpuUtilization', label: 'CPU utilization', unit: '%' },
      { name: 'networkIn', label: 'Network in', unit: 'bytes' },
      { name: 'networkOut', label: 'Network out', unit: 'bytes' },
    ],
  },
  s3: {
    label: 'S3',
    idField: 'bucketName',
    columns: [column('bucketName', 'Bucket'), column('region', 'Region'), flag('publiclyAccessible', 'Public'),
      column('encryption', 'Encryption'), flag('versioningEnabled', 'Versioning'), column('totalSizeGb', 'Size (GB)'),
      column('creationDate', 'Created')],
    metrics: [
      { name: 'bucketSizeBytes', label: 'Size', unit: 'bytes' },
      { name: 'numberOfObjects', label: 'Objects', unit: 'count' },
      { name: 'allRequests', label: 'Requests', unit: 'count' },
    ],
  },
  vpc: {
    label: 'VPC',
    idField: 'vpcId',
    columns: [column('vpcId', 'VPC'), tagName, column('cidrBlock', 'CIDR'), column('region', 'Region'),
      flag('defaultVpc', 'Default'), column('subnetCount', 'Subnets'), flag('flowLogsEnabled', 'Flow logs'),
      column('state', 'State')],
    metrics: [
      { name: 'networkInBytes', label: 'Network in', unit: 'bytes' },
      { name: 'networkOutBytes', label: 'Network out', unit: 'bytes' },
    ],
  },
  rds: {
    label: 'RDS',
    idField: 'dbIdentifier',
    columns: [column('dbIdentifier', 'Database'), column('engine', 'Engine'), column('instanceClass', 'Class'),
      column('region', 'Region'), flag('publiclyAccessible', 'Public'), flag('storageEncrypted', 'Encrypted'),
      flag('multiAz', 'Multi-AZ'), column('backupRetentionDays', 'Backup days'), column('status', 'Status')],
    metrics: [
      { name: 'cpuUtilization', label: 'CPU utilization', unit: '%' },
      { name: 'databaseConnections', label: 'Connections', unit: 'count' },
      { name: 'freeStorageBytes', label: 'Free storage', unit: 'bytes' },
    ],
  },
};

export const SERVICE_NAMES = Object.keys(SERVICES);

/** The resource page of a resource: #/resources/ec2/i-0123…; the id is encoded, as AWS names may hold any character. */
export function resourceHref(service, naturalId) {
  return `#/resources/${service}/${encodeURIComponent(naturalId)}`;
}

/** The link of a table row of the service: a resource (its id field) or a diff's change (resourceId). */
export function rowHref(service) {
  return (row) => resourceHref(service, row[SERVICES[service].idField] ?? row.resourceId);
}
