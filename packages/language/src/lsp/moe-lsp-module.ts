/**
 * Editor features of the .moe language server (completion, hover, code actions, formatting, ...).
 * Merged into the services by `createMoeServices`.
 */
import type { Module } from 'langium';
import type { PartialLangiumServices } from 'langium/lsp';
import type { MoeServices } from '../moe-module.js';

export const MoeLspModule: Module<MoeServices, PartialLangiumServices> = {};
