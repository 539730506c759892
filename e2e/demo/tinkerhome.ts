// The demo database: tinkerhome, class Nodes (name, zone, status), a few devices per zone.
import { createTestDatabase, sqlOverHttp, type ServerInfo } from '@orientdb-edge/testkit';

export const DEMO_DB = 'tinkerhome';
/** The account pages log in with: role tinkerhome_page, not admin (see README.md in this folder). */
export const DEMO_USER = 'page';
export const DEMO_PASSWORD = 'pagepass';
/** The database's administrator: sets the demo up, never used by a page. */
const ADMIN = { user: 'admin', password: 'admin' };

/**
 * Least privilege for pages: read the schema, read and update the Nodes class (the zone list and the
 * toggle), run queries and live queries. Nothing on OUser, ORole or any other class, so a page (or
 * anyone holding its password or token) cannot read password hashes or change users.
 */
const PAGE_ROLE_SQL = [
  "INSERT INTO ORole SET name = 'tinkerhome_page', mode = 0",
  'GRANT READ ON database TO tinkerhome_page',
  'GRANT READ ON database.schema TO tinkerhome_page',
  'GRANT READ ON database.class.Nodes TO tinkerhome_page',
  'GRANT UPDATE ON database.class.Nodes TO tinkerhome_page',
  'GRANT READ ON database.cluster.* TO tinkerhome_page',
  'GRANT UPDATE ON database.cluster.* TO tinkerhome_page',
  'GRANT READ ON database.command TO tinkerhome_page',
  'GRANT READ ON database.live TO tinkerhome_page',
  `CREATE USER ${DEMO_USER} IDENTIFIED BY ${DEMO_PASSWORD} ROLE tinkerhome_page`,
];

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
  const db = { name: DEMO_DB, ...ADMIN };
  try {
    await sqlOverHttp(
      server,
      { name: DEMO_DB, user: DEMO_USER, password: DEMO_PASSWORD },
      'SELECT count(*) FROM Nodes',
    );
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
      ...PAGE_ROLE_SQL,
    ].join(';'),
  );
}
