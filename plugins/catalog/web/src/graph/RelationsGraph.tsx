import '@xyflow/react/dist/style.css';
import type { Entity } from '@greenroom/catalog-model';
import { useApi, useRouteRef } from '@greenroom/web-runtime';
import { Alert, Anchor, Group, MultiSelect, Paper, Select, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from '@xyflow/react';
import ElkModule from 'elkjs/lib/elk.bundled.js';
import { useState } from 'react';
import { Link } from 'react-router';
import { catalogApiRef } from '../api/catalog-api.js';
import { humanizeRef, parseRef, stringifyRef } from '../entity-ref.js';
import { entityRouteRef } from '../routes.js';
import { collectGraph, GRAPH_RELATION_TYPES } from './collect-graph.js';

const NODE_WIDTH = 200;
const NODE_HEIGHT = 56;
// elkjs is CommonJS: bundlers hand over `module.exports` (the class), the types
// describe it as an ES default export.
type ElkClass = typeof ElkModule.default;
const ELK = ((ElkModule as unknown as { default?: ElkClass }).default ?? ElkModule) as unknown as ElkClass;
const elk = new ELK();

type EntityNodeData = { label: string; kind: string; path?: string; root: boolean };

function EntityNode(props: NodeProps<Node<EntityNodeData>>) {
  const { data } = props;
  return (
    <Paper
      withBorder
      shadow={data.root ? 'md' : undefined}
      p={6}
      w={NODE_WIDTH}
      style={{
        borderWidth: data.root ? 2 : 1,
        borderColor: data.root ? 'var(--mantine-primary-color-filled)' : undefined,
      }}
    >
      <Handle type="target" position={Position.Left} />
      <Text size="xs" c="dimmed">
        {data.kind}
      </Text>
      {data.path ? (
        <Anchor component={Link} to={data.path} size="sm" fw={600} truncate="end" display="block">
          {data.label}
        </Anchor>
      ) : (
        <Text size="sm" fw={600} truncate="end">
          {data.label}
        </Text>
      )}
      <Handle type="source" position={Position.Right} />
    </Paper>
  );
}

const nodeTypes = { entity: EntityNode };

/**
 * The relations graph of an entity: related entities up to a chosen depth, over chosen
 * relation types, laid out with ELK. Click a node's name to open its page. Loaded lazily.
 *
 * @example
 * const RelationsGraph = lazy(() => import('./graph/RelationsGraph.js'));
 * <RelationsGraph entity={entity} />
 */
export default function RelationsGraph(props: { entity: Entity }) {
  const catalogApi = useApi(catalogApiRef);
  const entityPath = useRouteRef(entityRouteRef);
  const [depth, setDepth] = useState('1');
  const [types, setTypes] = useState<string[]>(GRAPH_RELATION_TYPES);
  const rootRef = stringifyRef(props.entity);
  const graph = useQuery({
    queryKey: ['catalog', 'graph', rootRef, depth, types],
    queryFn: async () => {
      const collected = await collectGraph(props.entity, {
        depth: Number(depth),
        relationTypes: types,
        load: (refs) =>
          catalogApi.getEntitiesByRefs(refs, [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'relations',
          ]),
      });
      const layout = await elk.layout({
        id: 'root',
        layoutOptions: {
          'elk.algorithm': 'layered',
          'elk.direction': 'RIGHT',
          'elk.spacing.nodeNode': '24',
          'elk.layered.spacing.nodeNodeBetweenLayers': '64',
        },
        children: collected.nodes.map((n) => ({ id: n.ref, width: NODE_WIDTH, height: NODE_HEIGHT })),
        edges: collected.edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
      });
      const positions = new Map(
        (layout.children ?? []).map((c: { id: string; x?: number; y?: number }) => [
          c.id,
          { x: c.x ?? 0, y: c.y ?? 0 },
        ]),
      );
      const nodes: Node<EntityNodeData>[] = collected.nodes.map((n) => {
        const name = parseRef(n.ref);
        return {
          id: n.ref,
          type: 'entity',
          position: positions.get(n.ref) ?? { x: 0, y: 0 },
          data: {
            label: n.entity?.metadata.title ?? humanizeRef(n.ref, name.kind),
            kind: n.entity?.kind ?? name.kind,
            path: n.entity && n.ref !== rootRef ? entityPath?.(name) : undefined,
            root: n.ref === rootRef,
          },
        };
      });
      const edges: Edge[] = collected.edges.map((e, i) => ({
        id: `e${i}`,
        source: e.from,
        target: e.to,
        label: e.type,
        markerEnd: { type: MarkerType.ArrowClosed },
      }));
      return { nodes, edges };
    },
  });

  return (
    <Stack>
      <Group align="end">
        <Select
          label="Depth"
          data={['1', '2', '3']}
          value={depth}
          onChange={(v) => setDepth(v ?? '1')}
          allowDeselect={false}
          w={100}
        />
        <MultiSelect
          label="Relation types"
          data={GRAPH_RELATION_TYPES}
          value={types}
          onChange={setTypes}
          style={{ flex: 1 }}
        />
      </Group>
      {graph.error ? <Alert color="red">{(graph.error as Error).message}</Alert> : null}
      {graph.data ? (
        <div style={{ height: 520 }} data-testid="relations-graph">
          <ReactFlow
            nodes={graph.data.nodes}
            edges={graph.data.edges}
            nodeTypes={nodeTypes}
            fitView
            nodesDraggable={false}
            nodesConnectable={false}
            proOptions={{ hideAttribution: true }}
            aria-label={`Relations graph of ${rootRef}`}
          >
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      ) : (
        <Skeleton height={520} aria-label="Loading graph" />
      )}
      {graph.data ? (
        <Text size="sm" c="dimmed">
          {graph.data.nodes.length} entities, {graph.data.edges.length} relations
        </Text>
      ) : null}
    </Stack>
  );
}
