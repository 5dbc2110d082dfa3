import { PLAQUE_CARD_SIZES } from '../../../../src/shared/domain/plaque-print';
import { A4 } from '../../../_common/pdf';
import { sheetGeometry } from './cards';

const MM = 72 / 25.4;

describe('door card sheets', () => {
  it.each(PLAQUE_CARD_SIZES)('%s: every red frame is at least 5 mm from the paper edge (what office printers leave blank) and inside its cut lines', (size) => {
    const g = sheetGeometry(size);
    // The outermost frames: the first card's top-left and the last card's bottom-right.
    const edges = [g.left + g.frame, g.top + g.frame, A4.width - (g.left + g.columns * g.width - g.frame), A4.height - (g.top + g.rows * g.height - g.frame)];
    for (const edge of edges) expect(edge).toBeGreaterThanOrEqual(5 * MM);
    // The content sits inside the frame.
    expect(g.pad).toBeGreaterThan(g.frame);
    expect(g.frame).toBeGreaterThan(0);
  });
});
