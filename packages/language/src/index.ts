/**
 * The .moe language: services, the compiler to execution plans, and the batch entry points
 * the CLI uses.
 */
export * from './generated/ast.js';
export { createMoeServices, MoeModule, type MoeServices, type MoeAddedServices } from './moe-module.js';
export { IssueCodes, type IssueCode } from './issue-codes.js';
export * from './messages.js';
export * as catalogue from './catalogue/index.js';
export { checkModelFiles, compileModelFile } from './workspace/batch.js';
export { setDataOutsideAllowed } from './data/data-access.js';
export { compileModel, serializePlan, type CompileOptions } from './compiler/compile-model.js';
export { compileDocument, type CompileOutput } from './compiler/compile-document.js';
