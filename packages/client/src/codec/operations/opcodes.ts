// Request opcodes, response statuses and push ids of OrientDB's binary protocol, spelled as in
// OChannelBinaryProtocol.java (3.2.x).

export const REQUEST_SHUTDOWN = 1;
export const REQUEST_CONNECT = 2;
export const REQUEST_DB_OPEN = 3;
export const REQUEST_DB_CREATE = 4;
export const REQUEST_DB_CLOSE = 5;
export const REQUEST_DB_EXIST = 6;
export const REQUEST_DB_DROP = 7;
export const REQUEST_DB_SIZE = 8;
export const REQUEST_DB_COUNTRECORDS = 9;
export const REQUEST_DB_REOPEN = 17;
export const REQUEST_HANDSHAKE = 20;
export const REQUEST_RECORD_LOAD = 30;
export const REQUEST_RECORD_CREATE = 31;
export const REQUEST_RECORD_UPDATE = 32;
export const REQUEST_RECORD_DELETE = 33;
export const REQUEST_QUERY = 45;
export const REQUEST_CLOSE_QUERY = 46;
export const REQUEST_QUERY_NEXT_PAGE = 47;
export const REQUEST_SERVER_QUERY = 50;
export const REQUEST_TX_COMMIT = 60;
export const REQUEST_TX_BEGIN = 61;
export const REQUEST_TX_ROLLBACK = 64;
export const REQUEST_DB_RELOAD = 73;
export const REQUEST_DB_LIST = 74;
export const REQUEST_SERVER_INFO = 75;
export const REQUEST_DB_FREEZE = 94;
export const REQUEST_DB_RELEASE = 95;
export const SUBSCRIBE_PUSH = 100;
export const UNSUBSCRIBE_PUSH = 101;

export const RESPONSE_STATUS_OK = 0;
export const RESPONSE_STATUS_ERROR = 1;
export const PUSH_DATA = 3;

export const SUBSCRIBE_PUSH_DISTRIB_CONFIG = 1;
export const SUBSCRIBE_PUSH_LIVE_QUERY = 2;
export const UNSUBSCRIBE_PUSH_LIVE_QUERY = 2;
export const SUBSCRIBE_PUSH_STORAGE_CONFIG = 3;
export const SUBSCRIBE_PUSH_SCHEMA = 4;
export const SUBSCRIBE_PUSH_INDEX_MANAGER = 5;
export const SUBSCRIBE_PUSH_FUNCTIONS = 6;
export const SUBSCRIBE_PUSH_SEQUENCES = 7;

export const REQUEST_PUSH_DISTRIB_CONFIG = 80;
export const REQUEST_PUSH_LIVE_QUERY = 81;
export const REQUEST_PUSH_STORAGE_CONFIG = 82;
export const REQUEST_PUSH_SCHEMA = 83;
export const REQUEST_PUSH_INDEX_MANAGER = 84;
export const REQUEST_PUSH_FUNCTIONS = 85;
export const REQUEST_PUSH_SEQUENCES = 86;

export const PROTOCOL_VERSION_37 = 37;
export const PROTOCOL_VERSION_38 = 38;

export const ENCODING_DEFAULT = 0;
/** Error detail as a Java-serialized exception. */
export const ERROR_MESSAGE_JAVA = 0;
/** Error detail as printStackTrace text. */
export const ERROR_MESSAGE_STRING = 1;
/** Any value other than 0 and 1 makes the server send empty detail bytes. */
export const ERROR_MESSAGE_EMPTY = 2;
