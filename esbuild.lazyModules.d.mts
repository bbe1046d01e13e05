// Types of esbuild.lazyModules.mjs, for the tests that build the bundles.
import type { Plugin } from "esbuild";

export interface LazyModule {
  loader: string;
  exportName: string;
  entry: string;
  bundle: string;
}

export const LAZY_MODULES: readonly LazyModule[];
export function lazyModulesPlugin(modules?: readonly LazyModule[]): Plugin;
