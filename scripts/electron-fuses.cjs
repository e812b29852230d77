// Electron fuse profiles for packaged builds (flipped into the binary by electron-after-pack.cjs).
// `release` is what users install; `test` differs in one fuse only: it keeps the Node inspector
// CLI flags, because Playwright's _electron.launch starts the app with --inspect=0 and attaches
// through it. Nothing else is relaxed. Pure data, unit-tested in tests/unit/main/electron.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook that electron-builder requires */

const { FuseV1Options, FuseVersion } = require('@electron/fuses');

const PROFILES = ['release', 'test'];

/** The profile from REGIMELAB_FUSES (default release); anything else is an error, not a guess. */
function fuseProfileFromEnv(env = process.env) {
  const profile = env.REGIMELAB_FUSES ?? 'release';
  if (!PROFILES.includes(profile)) throw new Error(`REGIMELAB_FUSES must be one of ${PROFILES.join(', ')}, got ${JSON.stringify(profile)}`);
  return profile;
}

/**
 * @param {'release' | 'test'} profile
 * @param {NodeJS.Platform} platform the target platform (ad-hoc re-signing matters on macOS)
 */
function fuseConfig(profile, platform) {
  if (!PROFILES.includes(profile)) throw new Error(`unknown fuse profile ${JSON.stringify(profile)}`);
  return {
    version: FuseVersion.V1,
    // Flipping fuses changes the binary; on macOS (arm64 requires a signature) re-sign ad hoc so
    // the app still starts before the real signing step.
    resetAdHocDarwinSignature: platform === 'darwin',
    strictlyRequireAllFuses: false,
    [FuseV1Options.RunAsNode]: false, // ELECTRON_RUN_AS_NODE cannot turn the app into a node binary
    [FuseV1Options.EnableCookieEncryption]: true, // cookies encrypted at rest with the OS keychain
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false, // NODE_OPTIONS ignored
    [FuseV1Options.EnableNodeCliInspectArguments]: profile === 'test', // --inspect only for Playwright
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true, // app.asar checked against its hash (macOS, Windows)
    [FuseV1Options.OnlyLoadAppFromAsar]: true, // no loose app folder next to the binary is loaded
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false, // file:// gets no extra privileges (the UI is app://)
  };
}

module.exports = { PROFILES, fuseProfileFromEnv, fuseConfig };
