// OrientDB's OType ids (core/metadata/schema/OType.java) and record type bytes, as named constants.

export const OType = {
  BOOLEAN: 0,
  INTEGER: 1,
  SHORT: 2,
  LONG: 3,
  FLOAT: 4,
  DOUBLE: 5,
  DATETIME: 6,
  STRING: 7,
  BINARY: 8,
  EMBEDDED: 9,
  EMBEDDEDLIST: 10,
  EMBEDDEDSET: 11,
  EMBEDDEDMAP: 12,
  LINK: 13,
  LINKLIST: 14,
  LINKSET: 15,
  LINKMAP: 16,
  BYTE: 17,
  TRANSIENT: 18,
  DATE: 19,
  CUSTOM: 20,
  DECIMAL: 21,
  LINKBAG: 22,
  ANY: 23,
} as const;

/** The type byte that stands for a null value (no payload follows). */
export const NULL_TYPE = -1;

/** Record type bytes (ORecord subclasses' RECORD_TYPE). */
export const RecordType = {
  DOCUMENT: 0x64, // 'd'
  BLOB: 0x62, // 'b'
  FLAT: 0x66, // 'f'
} as const;
