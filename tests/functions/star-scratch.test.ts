import { startApp, type App } from './harness';
import { seedWorld } from './world';
let app: App;
beforeAll(async () => { app = await startApp(); });
afterAll(() => app.stop());
it('scratch', async () => {
  const w = await seedWorld(app, '1');
  const r = await app.call(w.openids.counselor, 'star', 'publish', { roundId: w.star.tallied._id, memberId: w.neighbour._id });
  console.log(JSON.stringify(r));

});
