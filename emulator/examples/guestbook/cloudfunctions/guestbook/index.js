// A guestbook written for CloudBase with nothing local in it: node-sdk from the function's
// environment, the caller's openid from its context, a transaction for the like counter.
const tcb = require('@cloudbase/node-sdk');

const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
const db = app.database();
const _ = db.command;

async function sign(event, openid) {
  const text = String(event.text || '').trim();
  if (!text || text.length > 140) return { ok: false, error: 'text must be 1 to 140 characters' };
  const { id } = await db.collection('entries').add({ text, author: openid || null, likes: 0, createdAt: db.serverDate() });
  return { ok: true, id };
}

async function list(event) {
  const limit = Math.min(Number(event.limit) || 10, 50);
  let query = db.collection('entries');
  if (event.before) query = query.where({ createdAt: _.lt(new Date(event.before)) });
  const { data } = await query.orderBy('createdAt', 'desc').limit(limit).get();
  const { total } = await db.collection('entries').count();
  return { ok: true, total, items: data.map((e) => ({ id: e._id, text: e.text, author: e.author, likes: e.likes, createdAt: e.createdAt })) };
}

async function like(event) {
  const likes = await db.runTransaction(async (tx) => {
    const { data } = await tx.collection('entries').doc(event.id).get();
    if (!data) throw new Error(`no entry ${event.id}`);
    await tx.collection('entries').doc(event.id).update({ likes: _.inc(1) });
    return data.likes + 1;
    // Up to 10 runs: each run after a conflict starts a new transaction (the default is 3).
  }, 10);
  return { ok: true, likes };
}

exports.main = async (event, context) => {
  const { WX_OPENID } = tcb.getCloudbaseContext(context);
  switch (event.action) {
    case 'sign':
      return sign(event, WX_OPENID);
    case 'list':
      return list(event);
    case 'like':
      return like(event);
    default:
      return { ok: false, error: `unknown action ${event.action}` };
  }
};
