// The demo database: tinkerhome, class Nodes (name, zone, status), a few devices per zone.
import { createTestDatabase, sqlOverHttp, type ServerInfo } from '@orientdb-edge/testkit';

export const DEMO_DB = 'tinkerhome';
export const DEMO_USER = 'admin';
export const DEMO_PASSWORD = 'admin';

const DEVICES: Array<[string, string, string]> = [
  ['lamp', 'living-room', 'on'],
  ['tv', 'living-room', 'off'],
  ['speaker', 'living-room', 'off'],
  ['fridge', 'kitchen', 'on'],
  ['oven', 'kitchen', 'off'],
  ['kettle', 'kitchen', 'off'],
  ['heater', 'bedroom', 'off'],
  ['bedside-lamp', 'bedroom', 'on'],
];

export async function ensureTinkerhome(server: ServerInfo): Promise<void> {
  const db = { name: DEMO_DB, user: DEMO_USER, password: DEMO_PASSWORD };
  try {
    await sqlOverHttp(server, db, 'SELECT count(*) FROM Nodes');
    return;
  } catch {
    // not there yet
  }
  await createTestDatabase(server, { name: DEMO_DB, storage: 'plocal' });
  await sqlOverHttp(
    server,
    db,
    [
      'CREATE CLASS Nodes EXTENDS V',
      'CREATE PROPERTY Nodes.name STRING',
      'CREATE PROPERTY Nodes.zone STRING',
      'CREATE PROPERTY Nodes.status STRING',
      'CREATE INDEX Nodes.name UNIQUE',
      ...DEVICES.map(([n, z, s]) => `INSERT INTO Nodes SET name = '${n}', zone = '${z}', status = '${s}'`),
    ].join(';'),
  );
}
