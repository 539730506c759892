// The policy the policy and request-gate unit tests start from: on, server operations refused, every
// database, writes allowed, the default login-failure limits; each test spreads in what it changes.
import type { Policy } from '../../src/policy.js';

export const POLICY: Policy = {
  enabled: true,
  allowServerOps: false,
  databases: undefined,
  readOnly: false,
  loginFailuresPerAddress: 5,
  loginFailuresPerUser: 20,
  loginWindowMs: 60_000,
};
