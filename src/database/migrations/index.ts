import { CreateRostering1763800000000 } from './1763800000000-create-rostering';
import { CreateImportStaging1763800000001 } from './1763800000001-create-import-staging';
import { CreateTenantsAndClients1763800000002 } from './1763800000002-create-tenants-and-clients';
import { AddTenantUsernameSettings1763800000003 } from './1763800000003-add-tenant-username-settings';
import { CreateTenantUsernames1763800000004 } from './1763800000004-create-tenant-usernames';
import { AddSdsServing1763800000005 } from './1763800000005-add-sds-serving';
import { AddTenantServingStamp1763800000006 } from './1763800000006-add-tenant-serving-stamp';
import { IndexImportReferencesByType1763800000007 } from './1763800000007-index-import-references-by-type';
import { SignAccessTokens1763800000008 } from './1763800000008-sign-access-tokens';
import { AddFeeds1763800000009 } from './1763800000009-add-feeds';
import { CreateSweepPageEnds1763800000010 } from './1763800000010-create-sweep-page-ends';
import { AddTenantViewChangedAt1763800000011 } from './1763800000011-add-tenant-view-changed-at';
import { CreatePublicationWindows1763800000012 } from './1763800000012-create-publication-windows';
import { AddTenantGuardThresholds1763800000013 } from './1763800000013-add-tenant-guard-thresholds';
import { ExactKeys1763800000014 } from './1763800000014-exact-keys';
import { CreateRateLimitCounters1763800000015 } from './1763800000015-create-rate-limit-counters';
import { CreateTenantDepartures1763800000016 } from './1763800000016-create-tenant-departures';
import { AddTenantGradeMap1763800000017 } from './1763800000017-add-tenant-grade-map';
import { AddAdminClientsAndPushedImports1763800000018 } from './1763800000018-add-admin-clients-and-pushed-imports';
import { CreateAccessLog1763800000019 } from './1763800000019-create-access-log';
import { AddImportBundleDigest1763800000020 } from './1763800000020-add-import-bundle-digest';
import { CompareStagedHashesInIndex1763800000021 } from './1763800000021-compare-staged-hashes-in-index';
import { CreateTenantActiveCounts1763800000022 } from './1763800000022-create-tenant-active-counts';
import { AddLineHashes1763800000023 } from './1763800000023-add-line-hashes';
import { IndexRecordsByFeed1763800000024 } from './1763800000024-index-records-by-feed';

/** Migrations in the order they run. */
export const MIGRATIONS = [
  CreateRostering1763800000000,
  CreateImportStaging1763800000001,
  CreateTenantsAndClients1763800000002,
  AddTenantUsernameSettings1763800000003,
  CreateTenantUsernames1763800000004,
  AddSdsServing1763800000005,
  AddTenantServingStamp1763800000006,
  IndexImportReferencesByType1763800000007,
  SignAccessTokens1763800000008,
  AddFeeds1763800000009,
  CreateSweepPageEnds1763800000010,
  AddTenantViewChangedAt1763800000011,
  CreatePublicationWindows1763800000012,
  AddTenantGuardThresholds1763800000013,
  ExactKeys1763800000014,
  CreateRateLimitCounters1763800000015,
  CreateTenantDepartures1763800000016,
  AddTenantGradeMap1763800000017,
  AddAdminClientsAndPushedImports1763800000018,
  CreateAccessLog1763800000019,
  AddImportBundleDigest1763800000020,
  CompareStagedHashesInIndex1763800000021,
  CreateTenantActiveCounts1763800000022,
  AddLineHashes1763800000023,
  IndexRecordsByFeed1763800000024,
];
