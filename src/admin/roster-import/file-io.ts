import Taro from '@tarojs/taro';
import { downloadToTemp, fetchFile } from '../../services/files';

/** A file the admin chose: a local path the upload reads (weapp temp path, h5 blob: URL) and its name. */
export interface PickedFile {
  path: string;
  name: string;
  size: number;
}

/** h5: a hidden <input type=file>; resolves null when the dialog is closed without a file. */
function pickH5(): Promise<PickedFile | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
    input.style.display = 'none';
    input.onchange = () => {
      const file = input.files?.[0];
      input.remove();
      resolve(file ? { path: URL.createObjectURL(file), name: file.name, size: file.size } : null);
    };
    input.addEventListener('cancel', () => {
      input.remove();
      resolve(null);
    });
    document.body.appendChild(input);
    input.click();
  });
}

/** weapp: a file from a WeChat chat (the only place a phone keeps spreadsheets WeChat can reach). */
async function pickWeapp(): Promise<PickedFile | null> {
  try {
    const { tempFiles } = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] });
    const f = tempFiles[0];
    return f ? { path: f.path, name: f.name, size: f.size } : null;
  } catch {
    return null;
  }
}

export const pickRosterFile = (): Promise<PickedFile | null> => (process.env.TARO_ENV === 'h5' ? pickH5() : pickWeapp());

/** h5: the browser saves the template; weapp: WeChat opens it (send it to a computer from its menu). */
export async function openTemplate(url: string, fileName: string): Promise<boolean> {
  try {
    if (process.env.TARO_ENV === 'h5') {
      const blob = await fetchFile(url);
      if (!blob) return false;
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } else {
      await Taro.openDocument({ filePath: await downloadToTemp(url), fileType: 'xlsx', showMenu: true });
    }
    return true;
  } catch {
    return false;
  }
}
