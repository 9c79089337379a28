{{/* Names */}}
{{- define "troupe.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "troupe.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of one component's objects: <fullname>-<component> */}}
{{- define "troupe.componentName" -}}
{{- printf "%s-%s" (include "troupe.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels */}}
{{- define "troupe.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: troupe
{{ include "troupe.selectorLabels" . }}
{{- end -}}

{{- define "troupe.selectorLabels" -}}
app.kubernetes.io/name: {{ include "troupe.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The image of a component: <registry>/troupe-<component>-service:<tag> */}}
{{- define "troupe.image" -}}
{{- $d := .root.Values.default.image -}}
{{- printf "%s/troupe-%s-service:%s" $d.registry .component (default .root.Chart.AppVersion $d.tag) -}}
{{- end -}}

{{- define "troupe.serviceAccountName" -}}
{{ include "troupe.componentName" . }}
{{- end -}}

{{/* Restricted pod and container security (Pod Security Standard "restricted"). */}}
{{- define "troupe.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 185
runAsGroup: 185
fsGroup: 185
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "troupe.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* Environment every service gets. */}}
{{- define "troupe.commonEnv" -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ .root.Values.kafka.bootstrapServers | quote }}
- name: JAVA_OPTS_APPEND
  value: {{ .root.Values.default.javaOpts | quote }}
- name: QUARKUS_OTEL_SDK_DISABLED
  value: {{ (not .root.Values.otel.enabled) | quote }}
{{- if .root.Values.otel.enabled }}
- name: QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .root.Values.otel.endpoint | quote }}
{{- end }}
- name: TROUPE_COORDINATOR_URL
  value: {{ printf "http://%s:%v" (include "troupe.componentName" (dict "root" .root "component" "coordinator")) .root.Values.services.coordinator.port | quote }}
- name: TROUPE_WORKSPACE_URL
  value: {{ printf "http://%s:%v" (include "troupe.componentName" (dict "root" .root "component" "workspace")) .root.Values.services.workspace.port | quote }}
{{- include "troupe.authEnv" . }}
{{- include "troupe.kafkaSecurityEnv" . }}
{{- end -}}

{{/* PostgreSQL instead of the embedded H2, for the services that store data. */}}
{{- define "troupe.databaseEnv" -}}
{{- $pg := .root.Values.postgresql -}}
- name: QUARKUS_DATASOURCE_H2_ACTIVE
  value: "false"
- name: QUARKUS_DATASOURCE_PG_ACTIVE
  value: "true"
- name: QUARKUS_DATASOURCE_PG_JDBC_URL
  value: {{ printf "jdbc:postgresql://%s:%v/%s" $pg.host $pg.port (index $pg.databases .component) | quote }}
- name: QUARKUS_DATASOURCE_PG_USERNAME
  value: {{ $pg.username | quote }}
- name: QUARKUS_DATASOURCE_PG_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $pg.existingSecret }}
      key: {{ $pg.passwordKey }}
{{- end -}}

{{/* Extra environment from values: a map of name to value. */}}
{{- define "troupe.extraEnv" -}}
{{- range $name, $value := . }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Quarkus health endpoints as probes. */}}
{{- define "troupe.probes" -}}
startupProbe:
  httpGet: {path: /q/health/started, port: http}
  periodSeconds: 5
  failureThreshold: 36
livenessProbe:
  httpGet: {path: /q/health/live, port: http}
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /q/health/ready, port: http}
  periodSeconds: 5
  failureThreshold: 3
{{- end -}}

{{/* The Secret with LLM keys: an existing one or the chart's. */}}
{{- define "troupe.llmSecretName" -}}
{{- if .Values.llm.existingSecret -}}
{{- .Values.llm.existingSecret -}}
{{- else -}}
{{- printf "%s-llm" (include "troupe.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* The Secret with the API credentials: an existing one or the chart's. */}}
{{- define "troupe.authSecretName" -}}
{{- if .Values.auth.existingSecret -}}
{{- .Values.auth.existingSecret -}}
{{- else -}}
{{- printf "%s-auth" (include "troupe.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/*
API credentials of a component. The services check every kind of caller, so they get every
credential; an agent pod mints its own agent's token with the signing key and gets the viewer
token too (so that viewers may read its /api/agents), never the operator's or the services'.
*/}}
{{- define "troupe.authEnv" -}}
{{- $secret := include "troupe.authSecretName" .root -}}
{{- $keys := list "TROUPE_AUTH_AGENT_KEY" "TROUPE_AUTH_VIEWER_TOKEN" -}}
{{- if ne .component "agent" -}}
{{- $keys = list "TROUPE_AUTH_OPERATOR_TOKEN" "TROUPE_AUTH_VIEWER_TOKEN" "TROUPE_AUTH_SERVICE_TOKEN" "TROUPE_AUTH_AGENT_KEY" -}}
{{- end -}}
{{- range $key := $keys }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $key }}
{{- end }}
{{- end -}}

{{/* SASL/SCRAM over TLS for every Kafka client of a service (kafka.* properties from the environment). */}}
{{- define "troupe.kafkaSecurityEnv" -}}
{{- $k := .root.Values.kafka -}}
{{- if $k.security.enabled }}
- name: KAFKA_SECURITY_PROTOCOL
  value: SASL_SSL
- name: KAFKA_SASL_MECHANISM
  value: {{ $k.security.sasl.mechanism | quote }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ default $k.kafkaUser.name $k.security.sasl.secretName }}
      key: {{ $k.security.sasl.jaasConfigKey }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_CERTIFICATES
  valueFrom:
    secretKeyRef:
      name: {{ $k.security.tls.caSecret }}
      key: {{ $k.security.tls.caKey }}
{{- end }}
{{- end -}}
