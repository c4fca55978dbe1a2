// n8n finds this package's nodes and credentials through the "n8n" field of package.json;
// nothing is exported from here.
module.exports = {};
