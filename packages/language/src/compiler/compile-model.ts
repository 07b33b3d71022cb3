import type { ExecutionPlan } from '@moe-studio/engine/plan';
import type { Model } from '../generated/ast.js';

export interface CompileOptions { source: string }

export function compileModel(_model: Model, _options: CompileOptions): ExecutionPlan | undefined {
    return undefined;
}
