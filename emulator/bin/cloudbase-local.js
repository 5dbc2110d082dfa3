#!/usr/bin/env node
'use strict';
// The package runs from its TypeScript source: tsx compiles each file as it is loaded.
require('tsx/cjs/api').register();
require('../src/cli.ts');
