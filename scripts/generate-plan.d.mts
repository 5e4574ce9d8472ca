export interface PlanOptions {
  resources: number;
  seed?: number;
}
export function writePlan(fd: number, options: PlanOptions): number;
export function generatePlan(sink: (bytes: Buffer) => void, options: PlanOptions): number;
export function resourcesForSize(bytes: number, seed?: number): number;
export function random(seed: number): () => number;
