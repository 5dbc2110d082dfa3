import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from 'cloudbase-local';
import { buildFunctions } from '../build-functions';
import { desiredState, readSchoolSettings } from './desired';
import { describePlan, planDeploy } from './planner';
import { applyPlan, readCurrentState, PlanStopped, type DeployTarget } from './target';
import { CloudBaseTarget, credentialsFromEnv, type CloudBaseCredentials } from './targets/cloudbase';
import { LocalTarget } from './targets/local';

/**
 * `npm run deploy [-- --dry-run] [--local DIR] [--school FILE] [--no-build]`: builds the functions,
 * packages them, reads what the target has (read-only), prints the plan and, without --dry-run,
 * applies it. The target is the CloudBase environment of TCB_ENV_ID (credentials TCB_SECRET_ID /
 * TCB_SECRET_KEY, optionally TCB_SESSION_TOKEN and TCB_REGION), or with --local a local CloudBase
 * kept in DIR (its data in DIR/data, its functions in DIR/functions).
 */
const root = path.resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean', default: false },
      local: { type: 'string' },
      school: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const dryRun = Boolean(values['dry-run']);
  const own = path.join(root, 'config', 'school.json');
  let schoolFile = values.school ?? own;
  if (!values.school && !fs.existsSync(own)) {
    if (!dryRun && !values.local) {
      console.error('缺少 config/school.json：复制 config/school.example.json，填上学校名称和订阅消息模板 ID 后再部署。');
      return 2;
    }
    schoolFile = path.join(root, 'config', 'school.example.json');
    console.warn('注意：没有 config/school.json，用示例设置 config/school.example.json（模板 ID 是占位符）。');
  }
  const settings = readSchoolSettings(schoolFile);
  let credentials: CloudBaseCredentials | undefined;
  if (!values.local) {
    try {
      credentials = credentialsFromEnv();
    } catch (err) {
      console.error((err as Error).message);
      return 2;
    }
  }

  if (!values['no-build']) await buildFunctions();
  const t0 = performance.now();
  const desired = desiredState({ settings, packagesDir: path.join(root, '.deploy', 'packages') });
  const tPackaged = performance.now();

  let target: DeployTarget;
  let close = async () => undefined as void;
  if (values.local) {
    const dir = path.resolve(values.local);
    const functionsDir = path.join(dir, 'functions');
    fs.mkdirSync(functionsDir, { recursive: true });
    const emu = await startEmulator({ dataDir: path.join(dir, 'data'), functionsDir, schema: { collections: [] }, triggers: false, port: 0 });
    target = new LocalTarget(emu);
    close = () => emu.stop();
  } else {
    target = new CloudBaseTarget(credentials as CloudBaseCredentials);
  }
  try {
    const tRead0 = performance.now();
    const current = await readCurrentState(target, desired);
    const tRead = performance.now();
    const plan = planDeploy(current, desired);
    const tPlan = performance.now();
    console.log(describePlan(plan, target.label));
    console.log(
      `用时：打包 ${ms(tPackaged - t0)}，读取现状 ${ms(tRead - tRead0)}，计算计划 ${ms(tPlan - tRead)}（${desired.collections.length} 个集合，${desired.functions.length} 个云函数）`,
    );
    if (dryRun) {
      console.log('--dry-run：未做任何改动。');
      return plan.stops.length ? 1 : 0;
    }
    if (!plan.steps.length && !plan.stops.length) return 0;
    const tApply = performance.now();
    await applyPlan(plan, target, (line) => console.log(`执行 ${line}`));
    console.log(`完成：${plan.steps.length} 步，用时 ${ms(performance.now() - tApply)}。`);
    return 0;
  } catch (err) {
    if (err instanceof PlanStopped) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await close();
  }
}

function ms(value: number): string {
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
