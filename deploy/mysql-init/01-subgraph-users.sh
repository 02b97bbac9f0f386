#!/bin/bash
# Runs once, when the MySQL container initialises an empty data directory
# (docker-entrypoint-initdb.d). Creates one database per subgraph and one
# user per subgraph that may use only its own database: no subgraph can read
# another's tables, and none connects as root. Passwords come from the
# environment (docker-compose.yml passes them); nothing is stored here.
set -euo pipefail

create() { # subgraph-name database PASSWORD_VARIABLE
  local user="$1" db="$2" var="$3"
  local password="${!var:?$var is not set}"
  password="${password//\'/\'\'}"
  cat <<SQL
CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$user'@'%' IDENTIFIED BY '$password';
ALTER USER '$user'@'%' IDENTIFIED BY '$password';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES, CREATE TEMPORARY TABLES, LOCK TABLES ON \`$db\`.* TO '$user'@'%';
SQL
}

{
  create libraries ceg_libraries LIBRARIES_DB_PASSWORD
  create feedback ceg_feedback FEEDBACK_DB_PASSWORD
  create programs ceg_programs PROGRAMS_DB_PASSWORD
  create partners ceg_partners PARTNERS_DB_PASSWORD
  create diversity-metrics ceg_diversity_metrics DIVERSITY_METRICS_DB_PASSWORD
  echo "FLUSH PRIVILEGES;"
} | mysql --protocol=socket -uroot -p"${MYSQL_ROOT_PASSWORD}"
