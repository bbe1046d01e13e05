// Types of esbuild.config.mjs, for the tests that build the bundles.
import type { BuildOptions } from "esbuild";

export function bundleOptions(options?: { production?: boolean; withTests?: boolean; outdir?: string }): BuildOptions[];
