/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// Single fetch types for loaders and actions (remix.config.js future.v3_singleFetch). The `export {}` keeps
// this a module augmentation rather than a replacement of the module.
declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
