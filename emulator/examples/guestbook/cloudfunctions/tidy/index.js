// A timer function: removes entries older than 30 days.
const tcb = require('@cloudbase/node-sdk');

const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
const db = app.database();

exports.main = async () => {
  const cutoff = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  const { deleted } = await db.collection('entries').where({ createdAt: db.command.lt(cutoff) }).remove();
  return { deleted };
};
