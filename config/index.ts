import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/**
 * A school's config/school.json (what npm run deploy gives the functions): the subscribe template a
 * member is asked to grant is then the one the functions send. Without the file, the page's default.
 */
function schoolTemplate(): string {
  const file = path.resolve(process.cwd(), 'config', 'school.json');
  if (!fs.existsSync(file)) return '';
  const school = JSON.parse(fs.readFileSync(file, 'utf8')) as { subscribeTemplates?: { volunteerReviewed?: string } };
  return school.subscribeTemplates?.volunteerReviewed ?? '';
}

/** weapp builds into dist/ (what project.config.json opens), h5 into dist-h5/ (what npm start serves). */
const isH5 = process.env.TARO_ENV === 'h5';

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'dorm-party-hub',
    date: '2026-1-1',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    plugins: [],
    // Build-time settings reach pages as process.env.*; empty means "use the default" (see src/services/config.ts).
    env: {
      TARO_APP_API_ORIGIN: JSON.stringify(process.env.TARO_APP_API_ORIGIN ?? ''),
      TARO_APP_CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV ?? ''),
      TARO_APP_SUBSCRIBE_TEMPLATE: JSON.stringify(process.env.TARO_APP_SUBSCRIBE_TEMPLATE ?? schoolTemplate()),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // Modules used only by member/, counselor/ and admin/ move out of the main package (budget 600 KB).
      optimizeMainPackage: { enable: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Hash routes: the emulator serves dist-h5/ as static files with no server-side routing.
      router: { mode: 'hash' },
      // dev:h5 reloads the page on change: React fast refresh would need two more dev packages.
      // Point it at a running local CloudBase with TARO_APP_API_ORIGIN=http://127.0.0.1:9090.
      devServer: { hot: false },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      // Taro splits only initial chunks on h5, so every lazily loaded page would carry its own copy of
      // zod and the shared components; split async page chunks too.
      webpackChain(chain) {
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all' });
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
