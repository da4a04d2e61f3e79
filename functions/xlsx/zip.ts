// The ZIP container of an XLSX file, written and read with node:zlib only. exceljs brought about
// 1 MB of zip and stream libraries into the API's bundle for this; the format we need (deflate or
// stored entries, no encryption, no ZIP64, no multi-disk) is a few dozen lines.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** General purpose flag bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;
/** 1980-01-01 00:00 in DOS date/time: the output is the same bytes for the same content. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** A ZIP archive of `entries`, each deflated. */
export const zip = (entries: readonly ZipEntry[]): Buffer => {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(20, 4); // made by
    local.copy(header, 6, 4, 30); // version needed … name length, extra length: as in the local header
    // comment length, disk, internal and external attributes: 0
    header.writeUInt32LE(offset, 42);
    parts.push(local, fileName, packed);
    central.push(header, fileName);
    offset += local.length + fileName.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
};

export class ZipError extends Error {
  override readonly name = 'ZipError';
}

/**
 * The entries of a ZIP archive, by name. Throws ZipError on anything malformed, and when the
 * entries would inflate past `maxBytes` in all (a small upload must not become gigabytes).
 */
export const unzip = (archive: Buffer, maxBytes: number): Map<string, Buffer> => {
  const fail = (why: string): never => {
    throw new ZipError(`not a readable ZIP (XLSX) file: ${why}`);
  };
  // The end record sits in the last 22 bytes + up to 65,535 of comment.
  let end = -1;
  for (let at = archive.length - 22; at >= Math.max(0, archive.length - 22 - 0xffff); at -= 1) {
    if (archive.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) fail('no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  let total = 0;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > archive.length || archive.readUInt32LE(at) !== CENTRAL_HEADER) fail('bad central directory');
    const method = archive.readUInt16LE(at + 10);
    const packedSize = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const skip = nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
    const localAt = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + skip;
    if (localAt + 30 > archive.length || archive.readUInt32LE(localAt) !== LOCAL_HEADER) fail(`bad local header for ${name}`);
    const dataAt = localAt + 30 + archive.readUInt16LE(localAt + 26) + archive.readUInt16LE(localAt + 28);
    if (dataAt + packedSize > archive.length) fail(`${name} is cut short`);
    const packed = archive.subarray(dataAt, dataAt + packedSize);
    total += size;
    if (total > maxBytes) fail(`more than ${maxBytes} bytes uncompressed`);
    let data: Buffer;
    if (method === 0) data = packed;
    else if (method === 8) {
      try {
        data = inflateRawSync(packed, { maxOutputLength: Math.max(1, maxBytes - total + size) });
      } catch {
        return fail(`${name} does not inflate`);
      }
    } else return fail(`${name} uses compression method ${method}`);
    total += data.length - size; // the declared size may lie
    entries.set(name, data);
  }
  return entries;
};
