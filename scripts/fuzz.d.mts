export interface FuzzPlan {
  name: string;
  bytes: Buffer;
}
export interface FuzzCase {
  name: string;
  bytes: Uint8Array;
  steps: string[];
}
export interface FuzzFailure {
  index: number;
  fuzz: FuzzCase;
  problem: string;
}
export function random(seed: number): () => number;
export function fuzzCase(plans: readonly FuzzPlan[], seed: number, index: number): FuzzCase;
export function checkOutcome(outcome: { code: number; stderr: string }, name: string): string | null;
export function corpusPlans(dir: string): FuzzPlan[];
export function runCampaign(options: {
  runCli: (argv: readonly string[], io: never) => number;
  plans: readonly FuzzPlan[];
  seed: number;
  cases: number;
  onCase?: (result: { index: number; fuzz: FuzzCase; code: number; stderr: string; ms: number; problem: string | null }) => void;
}): FuzzFailure[];
