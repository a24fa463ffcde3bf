// Generated from the backend OpenAPI by `npm run gen:api` (make frontend-client).
// Do not edit by hand.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Answer when the process is up (no auth, no database).
         */
        get: operations["liveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * System Health
         * @description Report the database and configuration state.
         */
        get: operations["system_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/adapters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Adapters
         * @description List adapters with search, filters, sorting and pagination.
         */
        get: operations["list_adapters"];
        put?: never;
        /**
         * Create Adapter
         * @description Register a LoRA file that lies inside a library root.
         */
        post: operations["create_adapter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/adapters/facets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Adapter Facets
         * @description Count adapters per filter value for a filter sidebar (same filters as the list).
         *
         *     Each facet counts over the other filters, ignoring its own, so the sidebar
         *     shows what choosing another value would give.
         */
        get: operations["adapter_facets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/adapters/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bulk Adapters
         * @description Activate, deactivate, delete or (un)tag many adapters in one transaction.
         */
        post: operations["bulk_adapters"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/adapters/{adapter_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Adapter
         * @description Return one adapter.
         */
        get: operations["get_adapter"];
        put?: never;
        post?: never;
        /**
         * Delete Adapter
         * @description Forget an adapter (the file is never touched).
         */
        delete: operations["delete_adapter"];
        options?: never;
        head?: never;
        /**
         * Update Adapter
         * @description Change some fields; edited fields are kept across rescans.
         */
        patch: operations["update_adapter"];
        trace?: never;
    };
    "/api/v1/adapters/{adapter_id}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Activate Adapter
         * @description Add the adapter to the active stack, optionally at a position and weight.
         */
        post: operations["activate_adapter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/adapters/{adapter_id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deactivate Adapter
         * @description Remove the adapter from the active stack.
         */
        post: operations["deactivate_adapter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/adapters/{adapter_id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Adapter Preview
         * @description Return the adapter's preview, as a cached WebP thumbnail or the original.
         */
        get: operations["get_adapter_preview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/library/roots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Roots
         * @description List library roots with their adapter counts and reachability.
         */
        get: operations["list_library_roots"];
        put?: never;
        /**
         * Add Root
         * @description Add a folder as a library root (scan it afterwards).
         */
        post: operations["add_library_root"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/library/roots/{root_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete Root
         * @description Forget a stored root; adapters and files stay.
         */
        delete: operations["delete_library_root"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/library/scan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Scan
         * @description Start a scan job; follow it at /api/v1/jobs/{id}.
         */
        post: operations["scan_library"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/library/duplicates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Duplicates
         * @description Files present more than once, and re-saved copies with the same weights.
         */
        get: operations["list_duplicates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Jobs
         * @description List jobs, newest first.
         */
        get: operations["list_jobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{job_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Job
         * @description Return one job with its progress, result or error.
         */
        get: operations["get_job"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{job_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel Job
         * @description Cancel a queued job, or ask a running one to stop.
         */
        post: operations["cancel_job"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compose": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Compose Prompt
         * @description Compose a prompt with LoRA tokens and trigger words for one target.
         */
        post: operations["compose_prompt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compose/parse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Parse Prompt
         * @description Find the library's adapters in a prompt or an infotext (`Lora hashes:`).
         */
        post: operations["parse_prompt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries/targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Targets
         * @description List named targets: from the settings and stored ones (header values hidden).
         */
        get: operations["list_delivery_targets"];
        put?: never;
        /**
         * Create Target
         * @description Store a named target.
         */
        post: operations["create_delivery_target"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries/targets/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete Target
         * @description Forget a stored target (deliveries already made keep their history).
         */
        delete: operations["delete_delivery_target"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Deliveries
         * @description List deliveries, newest first.
         */
        get: operations["list_deliveries"];
        put?: never;
        /**
         * Create Delivery
         * @description Deliver a prompt to a target as a job; follow it at /api/v1/deliveries/{id}.
         */
        post: operations["create_delivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries/{delivery_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Delivery
         * @description Return one delivery with its progress, attempts, result or error.
         */
        get: operations["get_delivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries/{delivery_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel Delivery
         * @description Cancel a queued delivery, or ask a running one to stop.
         */
        post: operations["cancel_delivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries/{delivery_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry Delivery
         * @description Run a failed or cancelled delivery again (same id, more attempts).
         */
        post: operations["retry_delivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/civitai/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sync
         * @description Start a Civitai sync job; its result lists the outcome per adapter.
         */
        post: operations["sync_civitai"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/adapters/{adapter_id}/civitai/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refresh
         * @description Look the adapter up on Civitai now and return it updated.
         */
        post: operations["refresh_adapter_civitai"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/frontend/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Frontend Settings
         * @description Runtime configuration of the web UI (no key needed).
         */
        get: operations["frontend_settings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * ActivateRequest
         * @description Optional position in the active stack and weight.
         */
        ActivateRequest: {
            /** Ordinal */
            ordinal?: number | null;
            /** Weight */
            weight?: number | null;
        };
        /**
         * AdapterCreate
         * @description Register an existing file; the file itself is never modified.
         */
        AdapterCreate: {
            /** Description */
            description?: string | null;
            /** Notes */
            notes?: string | null;
            /** Preferred Weight */
            preferred_weight?: number | null;
            /** Base Model */
            base_model?: string | null;
            /** Trained Words */
            trained_words?: string[] | null;
            /** Tags */
            tags?: string[] | null;
            /** Favorite */
            favorite?: boolean | null;
            /** Weight */
            weight?: number | null;
            /** File Path */
            file_path: string;
            /** Name */
            name?: string | null;
            /**
             * Active
             * @default false
             */
            active?: boolean;
        };
        /**
         * AdapterFacets
         * @description Counts for a filter sidebar; each facet ignores its own filter.
         */
        AdapterFacets: {
            /**
             * Total
             * @description Adapters matching every filter.
             */
            total: number;
            /** Base Model */
            base_model: components["schemas"]["FacetValue"][];
            /** Architecture */
            architecture: components["schemas"]["FacetValue"][];
            /** Network Type */
            network_type: components["schemas"]["FacetValue"][];
            /** Status */
            status: components["schemas"]["FacetValue"][];
            /**
             * Creator
             * @description The most frequent creators.
             */
            creator: components["schemas"]["FacetValue"][];
            /**
             * Tags
             * @description The most used tags.
             */
            tags: components["schemas"]["FacetValue"][];
            /** Favorite */
            favorite: number;
            /** Active */
            active: number;
            /** Has Civitai */
            has_civitai: number;
            /** Update Available */
            update_available: number;
        };
        /**
         * AdapterList
         * @description One page of adapters.
         */
        AdapterList: {
            /** Items */
            items: components["schemas"]["AdapterPublic"][];
            /** Total */
            total: number;
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
        };
        /**
         * AdapterPublic
         * @description An adapter as the API shows it.
         */
        AdapterPublic: {
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** File Path */
            file_path: string;
            /** File Name */
            file_name: string;
            /** Root Path */
            root_path: string | null;
            /** File Format */
            file_format: string;
            /** Size Bytes */
            size_bytes: number;
            /** Sha256 */
            sha256: string | null;
            /** Autov1 */
            autov1: string | null;
            /** Autov2 */
            autov2: string | null;
            /** Autov3 */
            autov3: string | null;
            /** Tensor Sha256 */
            tensor_sha256: string | null;
            /** Blake3 */
            blake3: string | null;
            /** Crc32 */
            crc32: string | null;
            /** Architecture */
            architecture: string;
            /** Base Model */
            base_model: string | null;
            /** Network Type */
            network_type: string;
            /** Rank */
            rank: number | null;
            /** Alpha */
            alpha: number | null;
            /** Alias */
            alias: string | null;
            /** Trained Words */
            trained_words: string[];
            /** Tags */
            tags: string[];
            /** Description */
            description: string | null;
            /** Notes */
            notes: string | null;
            /** Preferred Weight */
            preferred_weight: number | null;
            /** Preview Url */
            preview_url: string | null;
            /** Active */
            active: boolean;
            /** Ordinal */
            ordinal: number | null;
            /** Weight */
            weight: number;
            /** Favorite */
            favorite: boolean;
            /**
             * Status
             * @enum {string}
             */
            status: "ok" | "missing" | "offline" | "error";
            /** Status Reason */
            status_reason: string | null;
            /** Edited Fields */
            edited_fields: string[];
            /** Civitai */
            civitai: {
                [key: string]: unknown;
            } | null;
            /** Civitai Model Id */
            civitai_model_id: number | null;
            /** Civitai Version Id */
            civitai_version_id: number | null;
            /** Civitai Status */
            civitai_status: string | null;
            /** Civitai Checked At */
            civitai_checked_at: string | null;
            /** Creator */
            creator: string | null;
            /** Downloads */
            downloads: number | null;
            /** Thumbs Up */
            thumbs_up: number | null;
            /** Nsfw Level */
            nsfw_level: number | null;
            /** Published At */
            published_at: string | null;
            /** Update Available */
            update_available: boolean;
            /** Preview Source */
            preview_source: string | null;
            /** Training */
            training: {
                [key: string]: unknown;
            } | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Last Scanned At */
            last_scanned_at: string | null;
            /** Last Used At */
            last_used_at: string | null;
        };
        /**
         * AdapterRef
         * @description One adapter to compose, with optional weights overriding its defaults.
         */
        AdapterRef: {
            /** Id */
            id: number;
            /** Weight */
            weight?: number | null;
            /** Te Weight */
            te_weight?: number | null;
            /** Unet Weight */
            unet_weight?: number | null;
            /** Block Weights */
            block_weights?: {
                [key: string]: number;
            } | null;
        };
        /**
         * AdapterUpdate
         * @description Partial update; only the fields sent are changed.
         */
        AdapterUpdate: {
            /** Description */
            description?: string | null;
            /** Notes */
            notes?: string | null;
            /** Preferred Weight */
            preferred_weight?: number | null;
            /** Base Model */
            base_model?: string | null;
            /** Trained Words */
            trained_words?: string[] | null;
            /** Tags */
            tags?: string[] | null;
            /** Favorite */
            favorite?: boolean | null;
            /** Weight */
            weight?: number | null;
            /** Name */
            name?: string | null;
        };
        /**
         * BulkItemResult
         * @description What happened to one id.
         */
        BulkItemResult: {
            /** Id */
            id: number;
            /** Ok */
            ok: boolean;
            /** Error */
            error?: string | null;
        };
        /**
         * BulkRequest
         * @description One action over many adapters, applied in a single transaction.
         */
        BulkRequest: {
            /**
             * Action
             * @enum {string}
             */
            action: "activate" | "deactivate" | "delete" | "add_tags" | "remove_tags";
            /** Ids */
            ids: number[];
            /** Tags */
            tags?: string[] | null;
        };
        /**
         * BulkResult
         * @description Per-id outcome of a bulk action.
         */
        BulkResult: {
            /**
             * Action
             * @enum {string}
             */
            action: "activate" | "deactivate" | "delete" | "add_tags" | "remove_tags";
            /** Succeeded */
            succeeded: number;
            /** Failed */
            failed: number;
            /** Results */
            results: components["schemas"]["BulkItemResult"][];
        };
        /**
         * ComfyLoraOut
         * @description One LoraLoader node of the ComfyUI chain.
         */
        ComfyLoraOut: {
            /** Lora Name */
            lora_name: string;
            /** Strength Model */
            strength_model: number;
            /** Strength Clip */
            strength_clip: number;
        };
        /**
         * ComposeDeliver
         * @description Where to send the composed prompt (a delivery job is created).
         */
        ComposeDeliver: {
            /** Target Name */
            target_name?: string | null;
            /** Target */
            target?: {
                [key: string]: unknown;
            } | null;
            /** Params */
            params?: {
                [key: string]: unknown;
            } | null;
        };
        /**
         * ComposeRequest
         * @description A base prompt plus adapters (default: the active stack) for one target.
         */
        ComposeRequest: {
            /**
             * Prompt
             * @default
             */
            prompt?: string;
            /**
             * Negative Prompt
             * @default
             */
            negative_prompt?: string;
            /** Adapters */
            adapters?: components["schemas"]["AdapterRef"][] | null;
            /**
             * Target
             * @enum {string}
             */
            target: "a1111" | "forge" | "sdnext" | "comfyui";
            /**
             * Trigger Words
             * @default all
             */
            trigger_words?: ("all" | "none") | number;
            /**
             * Name Source
             * @default stem
             * @enum {string}
             */
            name_source?: "stem" | "alias";
            /** Base Model */
            base_model?: string | null;
            deliver?: components["schemas"]["ComposeDeliver"] | null;
        };
        /**
         * ComposeResponse
         * @description The prompt in the target's dialect, with the adapters used and warnings.
         */
        ComposeResponse: {
            /** Prompt */
            prompt: string;
            /** Negative Prompt */
            negative_prompt: string;
            /**
             * Target
             * @enum {string}
             */
            target: "a1111" | "forge" | "sdnext" | "comfyui";
            /** Adapters */
            adapters: components["schemas"]["ComposedAdapterOut"][];
            /** Loras */
            loras?: components["schemas"]["ComfyLoraOut"][] | null;
            /** Graph */
            graph?: {
                [key: string]: unknown;
            } | null;
            /** Warnings */
            warnings: components["schemas"]["WarningOut"][];
            delivery?: components["schemas"]["JobPublic"] | null;
        };
        /**
         * ComposedAdapterOut
         * @description An adapter as it went into the prompt.
         */
        ComposedAdapterOut: {
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** Token */
            token: string | null;
            /** Weight */
            weight: number;
            /** Te Weight */
            te_weight: number;
            /** Unet Weight */
            unet_weight: number;
            /** Trigger Words */
            trigger_words: string[];
        };
        /**
         * DeliveryAdapter
         * @description An adapter in the delivered prompt, as composition reports it.
         */
        DeliveryAdapter: {
            /** Id */
            id?: number | null;
            /** Name */
            name: string;
            /** Token */
            token?: string | null;
            /** Weight */
            weight?: number | null;
            /** Trigger Words */
            trigger_words?: string[];
        };
        /**
         * DeliveryCreate
         * @description A prompt to deliver, and where: a named target or an inline one.
         */
        DeliveryCreate: {
            /** Prompt */
            prompt: string;
            /**
             * Negative Prompt
             * @default
             */
            negative_prompt?: string;
            /**
             * Params
             * @description Generation parameters (steps, width, height, cfg_scale, sampler_name, seed, batch_size, ...): finite numbers, |x| <= 2^53.
             */
            params?: {
                [key: string]: unknown;
            };
            /** Adapters */
            adapters?: components["schemas"]["DeliveryAdapter"][] | null;
            /**
             * Target Name
             * @description A target from DELIVERY_TARGETS or the admin API; default: 'sdnext' when SDNEXT_URL is set.
             */
            target_name?: string | null;
            target?: components["schemas"]["TargetSpec"] | null;
        };
        /**
         * DeliveryList
         * @description One page of deliveries, newest first.
         */
        DeliveryList: {
            /** Items */
            items: components["schemas"]["DeliveryPublic"][];
            /** Total */
            total: number;
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
        };
        /**
         * DeliveryPublic
         * @description A delivery job: the job shape plus what was delivered and where.
         */
        DeliveryPublic: {
            /** Id */
            id: string;
            /** Kind */
            kind: string;
            /**
             * Status
             * @enum {string}
             */
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            /** Progress */
            progress?: {
                [key: string]: unknown;
            } | null;
            /** Attempts */
            attempts: number;
            /** Max Attempts */
            max_attempts: number;
            /** Error */
            error?: string | null;
            /** Result */
            result?: {
                [key: string]: unknown;
            } | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Started At */
            started_at?: string | null;
            /** Finished At */
            finished_at?: string | null;
            target: components["schemas"]["TargetInfo"];
            /** Prompt */
            prompt: string;
            /** Negative Prompt */
            negative_prompt: string;
            /** Params */
            params: {
                [key: string]: unknown;
            };
        };
        /**
         * DuplicateFile
         * @description One copy in a duplicate group.
         */
        DuplicateFile: {
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** File Path */
            file_path: string;
            /** Sha256 */
            sha256: string | null;
            /** Autov3 */
            autov3: string | null;
            /** Status */
            status: string;
        };
        /**
         * DuplicateGroup
         * @description Files that are the same: same bytes, or same weights with other metadata.
         */
        DuplicateGroup: {
            /** Kind */
            kind: string;
            /** Key */
            key: string;
            /** Files */
            files: components["schemas"]["DuplicateFile"][];
        };
        /**
         * DuplicateReport
         * @description Every duplicate group in the library.
         */
        DuplicateReport: {
            /** Groups */
            groups: components["schemas"]["DuplicateGroup"][];
            /** Same File */
            same_file: number;
            /** Same Weights */
            same_weights: number;
        };
        /**
         * FacetValue
         * @description How many adapters have one value of a field.
         */
        FacetValue: {
            /** Value */
            value: string;
            /** Count */
            count: number;
        };
        /**
         * FieldProblem
         * @description One offending input field.
         */
        FieldProblem: {
            /**
             * Loc
             * @description Where the value was: body, query, path.
             */
            loc: (string | number)[];
            /** Msg */
            msg: string;
            /** Type */
            type: string;
        };
        /**
         * FrontendSettings
         * @description What the web UI needs to know before its first API call.
         */
        FrontendSettings: {
            /**
             * Api Base
             * @description URL prefix before the paths of /openapi.json ('' at the root).
             */
            api_base: string;
            /**
             * Auth Required
             * @description True when requests need X-API-Key.
             */
            auth_required: boolean;
            /** Version */
            version: string;
            /**
             * Endpoints
             * @description 'METHOD /path' of every API operation this server offers, so the UI shows only the screens it can serve.
             */
            endpoints: string[];
        };
        /**
         * Health
         * @description The process and its database answer.
         */
        Health: {
            /**
             * Status
             * @enum {string}
             */
            status: "ok" | "degraded";
            /** Version */
            version: string;
            /**
             * Database
             * @enum {string}
             */
            database: "ok" | "error";
            /** Database Engine */
            database_engine: string;
            /** Auth Required */
            auth_required: boolean;
        };
        /**
         * JobList
         * @description One page of jobs, newest first.
         */
        JobList: {
            /** Items */
            items: components["schemas"]["JobPublic"][];
            /** Total */
            total: number;
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
        };
        /**
         * JobPublic
         * @description A job as the API shows it.
         */
        JobPublic: {
            /** Id */
            id: string;
            /** Kind */
            kind: string;
            /**
             * Status
             * @enum {string}
             */
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            /** Progress */
            progress?: {
                [key: string]: unknown;
            } | null;
            /** Attempts */
            attempts: number;
            /** Max Attempts */
            max_attempts: number;
            /** Error */
            error?: string | null;
            /** Result */
            result?: {
                [key: string]: unknown;
            } | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Started At */
            started_at?: string | null;
            /** Finished At */
            finished_at?: string | null;
        };
        /**
         * Liveness
         * @description The process answers.
         */
        Liveness: {
            /**
             * Status
             * @default ok
             * @constant
             */
            status?: "ok";
        };
        /**
         * NsfwLevel
         * @description Civitai's NSFW levels, one bit each (a model's level ORs its images').
         * @enum {integer}
         */
        NsfwLevel: 1 | 2 | 4 | 8 | 16 | 32;
        /**
         * ParseRequest
         * @description A prompt with <lora:…> tokens, or a whole infotext with `Lora hashes:`.
         */
        ParseRequest: {
            /** Text */
            text: string;
            /** Target */
            target?: ("a1111" | "forge" | "sdnext" | "comfyui") | null;
            /**
             * Name Source
             * @default stem
             * @enum {string}
             */
            name_source?: "stem" | "alias";
        };
        /**
         * ParseResponse
         * @description The text without tokens, the generation parameters and the adapters.
         */
        ParseResponse: {
            /** Prompt */
            prompt: string;
            /** Negative Prompt */
            negative_prompt: string;
            /** Params */
            params: {
                [key: string]: string;
            };
            /** Adapters */
            adapters: components["schemas"]["ParsedAdapterOut"][];
            /** Warnings */
            warnings: components["schemas"]["WarningOut"][];
        };
        /**
         * ParsedAdapterOut
         * @description A name found in the text and the adapter it resolved to (if any).
         */
        ParsedAdapterOut: {
            /** Name */
            name: string;
            /** Adapter Id */
            adapter_id: number | null;
            /** Matched By */
            matched_by: string | null;
            /** Te Weight */
            te_weight?: number | null;
            /** Unet Weight */
            unet_weight?: number | null;
        };
        /**
         * Problem
         * @description RFC 9457 problem details.
         */
        Problem: {
            /**
             * Type
             * @default about:blank
             */
            type?: string;
            /** Title */
            title: string;
            /** Status */
            status: number;
            /** Detail */
            detail?: string | null;
            /** Instance */
            instance?: string | null;
            /** Request Id */
            request_id?: string | null;
            /** Errors */
            errors?: components["schemas"]["FieldProblem"][] | null;
        };
        /**
         * RootCreate
         * @description A folder to add as a library root.
         */
        RootCreate: {
            /** Path */
            path: string;
            /** Label */
            label?: string | null;
        };
        /**
         * RootPublic
         * @description A library root, where it comes from and whether it is reachable.
         */
        RootPublic: {
            /** Id */
            id: number | null;
            /** Path */
            path: string;
            /** Label */
            label: string | null;
            /** Source */
            source: string;
            /** Online */
            online: boolean;
            /** Last Scanned At */
            last_scanned_at: string | null;
            /** Adapters */
            adapters: {
                [key: string]: number;
            };
        };
        /**
         * ScanRequest
         * @description What to scan: some roots (default all) and how.
         */
        ScanRequest: {
            /** Roots */
            roots?: string[] | null;
            /**
             * Force Resync
             * @default false
             */
            force_resync?: boolean;
            /**
             * Dry Run
             * @default false
             */
            dry_run?: boolean;
        };
        /**
         * SyncRequest
         * @description Which adapters a sync asks Civitai about (default: all that are due).
         */
        SyncRequest: {
            /**
             * Only Missing
             * @description Only adapters never looked up before.
             * @default false
             */
            only_missing?: boolean;
            /**
             * Force
             * @description Also ask again about adapters Civitai did not know, download previews again and replace existing .civitai.info sidecars.
             * @default false
             */
            force?: boolean;
            /**
             * Adapter Ids
             * @description Only these.
             */
            adapter_ids?: number[] | null;
        };
        /**
         * TargetCreate
         * @description A named target to store.
         */
        TargetCreate: {
            /**
             * Kind
             * @enum {string}
             */
            kind: "http" | "cli" | "sdapi";
            /**
             * Url
             * @description http: the endpoint; sdapi: the server's base URL.
             */
            url?: string | null;
            /**
             * Argv
             * @description cli: program and arguments; {prompt}, {negative_prompt}, {params_json}, {adapters_json} and {delivery_id} are replaced inside each argument. Never run through a shell.
             */
            argv?: string[] | null;
            /** Headers */
            headers?: {
                [key: string]: string;
            } | null;
            /**
             * Timeout S
             * @description Default: 30 (http), 300 (cli), 600 (sdapi).
             */
            timeout_s?: number | null;
            /**
             * Max Attempts
             * @default 3
             */
            max_attempts?: number;
            /**
             * Backoff S
             * @description First retry delay; doubles per attempt, jittered.
             * @default 1
             */
            backoff_s?: number;
            /** Name */
            name: string;
        };
        /**
         * TargetInfo
         * @description Where a delivery goes (header values are never shown).
         */
        TargetInfo: {
            /** Name */
            name?: string | null;
            /**
             * Kind
             * @enum {string}
             */
            kind: "http" | "cli" | "sdapi";
            /** Url */
            url?: string | null;
            /** Argv */
            argv?: string[] | null;
        };
        /**
         * TargetPublic
         * @description A named target, where it is defined, and the names of its headers.
         */
        TargetPublic: {
            /** Name */
            name: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "http" | "cli" | "sdapi";
            /** Url */
            url?: string | null;
            /** Argv */
            argv?: string[] | null;
            /** Header Names */
            header_names?: string[];
            /** Timeout S */
            timeout_s: number;
            /** Max Attempts */
            max_attempts: number;
            /** Backoff S */
            backoff_s: number;
            /**
             * Source
             * @enum {string}
             */
            source: "settings" | "database";
        };
        /**
         * TargetSpec
         * @description Where and how to deliver: an HTTP endpoint, a command, an SD.Next server.
         */
        TargetSpec: {
            /**
             * Kind
             * @enum {string}
             */
            kind: "http" | "cli" | "sdapi";
            /**
             * Url
             * @description http: the endpoint; sdapi: the server's base URL.
             */
            url?: string | null;
            /**
             * Argv
             * @description cli: program and arguments; {prompt}, {negative_prompt}, {params_json}, {adapters_json} and {delivery_id} are replaced inside each argument. Never run through a shell.
             */
            argv?: string[] | null;
            /** Headers */
            headers?: {
                [key: string]: string;
            } | null;
            /**
             * Timeout S
             * @description Default: 30 (http), 300 (cli), 600 (sdapi).
             */
            timeout_s?: number | null;
            /**
             * Max Attempts
             * @default 3
             */
            max_attempts?: number;
            /**
             * Backoff S
             * @description First retry delay; doubles per attempt, jittered.
             * @default 1
             */
            backoff_s?: number;
        };
        /**
         * WarningOut
         * @description Something the user should know about the composition.
         */
        WarningOut: {
            /** Code */
            code: string;
            /** Message */
            message: string;
            /** Adapter Id */
            adapter_id?: number | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    liveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Liveness"];
                };
            };
        };
    };
    system_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_adapters: {
        parameters: {
            query?: {
                /** @description Default: relevance when searching (best match first; desc reverses), else name. Empty values sort last. */
                sort?: ("name" | "created_at" | "updated_at" | "size_bytes" | "downloads" | "thumbs_up" | "last_used_at" | "ordinal" | "relevance") | null;
                order?: "asc" | "desc";
                limit?: number;
                offset?: number;
                /** @description Search text: every word must match (the last one also as a prefix) in the name, trigger words, alias, file name, tags, creator or description. */
                q?: string | null;
                active?: boolean | null;
                favorite?: boolean | null;
                tags?: string[] | null;
                tags_mode?: "any" | "all";
                base_model?: string[] | null;
                architecture?: string[] | null;
                network_type?: string[] | null;
                status?: ("ok" | "missing" | "offline" | "error")[] | null;
                creator?: string[] | null;
                /** @description Highest Civitai NSFW level to show: 1 PG, 2 PG-13, 4 R, 8 X, 16 XXX, 32 blocked. An adapter's level is Civitai's bitmask of its images' levels; it is shown when no bit above this level is set. Adapters Civitai has not rated are always shown. */
                nsfw_level?: components["schemas"]["NsfwLevel"] | null;
                /** @description Found on Civitai (or not). */
                has_civitai?: boolean | null;
                update_available?: boolean | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdapterList"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_adapter: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdapterCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdapterPublic"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adapter_facets: {
        parameters: {
            query?: {
                /** @description How many tags and creators to count. */
                size?: number;
                /** @description Search text: every word must match (the last one also as a prefix) in the name, trigger words, alias, file name, tags, creator or description. */
                q?: string | null;
                active?: boolean | null;
                favorite?: boolean | null;
                tags?: string[] | null;
                tags_mode?: "any" | "all";
                base_model?: string[] | null;
                architecture?: string[] | null;
                network_type?: string[] | null;
                status?: ("ok" | "missing" | "offline" | "error")[] | null;
                creator?: string[] | null;
                /** @description Highest Civitai NSFW level to show: 1 PG, 2 PG-13, 4 R, 8 X, 16 XXX, 32 blocked. An adapter's level is Civitai's bitmask of its images' levels; it is shown when no bit above this level is set. Adapters Civitai has not rated are always shown. */
                nsfw_level?: components["schemas"]["NsfwLevel"] | null;
                /** @description Found on Civitai (or not). */
                has_civitai?: boolean | null;
                update_available?: boolean | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdapterFacets"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    bulk_adapters: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkResult"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_adapter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Adapter id. */
                adapter_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdapterPublic"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_adapter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Adapter id. */
                adapter_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_adapter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Adapter id. */
                adapter_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdapterUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdapterPublic"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    activate_adapter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Adapter id. */
                adapter_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ActivateRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdapterPublic"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deactivate_adapter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Adapter id. */
                adapter_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdapterPublic"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_adapter_preview: {
        parameters: {
            query?: {
                size?: "256" | "512" | "original";
                /** @description The version token of `preview_url`: a versioned address may be cached for a week, since it changes with the preview. */
                v?: string | null;
            };
            header?: never;
            path: {
                /** @description Adapter id. */
                adapter_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The preview image or video (thumbnails are WebP). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/webp": unknown;
                    "image/png": unknown;
                    "image/jpeg": unknown;
                    "image/gif": unknown;
                    "video/mp4": unknown;
                    "video/webm": unknown;
                    "application/octet-stream": unknown;
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_library_roots: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RootPublic"][];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    add_library_root: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RootCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RootPublic"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_library_root: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                root_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    scan_library: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ScanRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobPublic"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_duplicates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DuplicateReport"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_jobs: {
        parameters: {
            query?: {
                kind?: string | null;
                status?: ("queued" | "running" | "succeeded" | "failed" | "cancelled") | null;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobList"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_job: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobPublic"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancel_job: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobPublic"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    compose_prompt: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ComposeRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComposeResponse"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    parse_prompt: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ParseRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParseResponse"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_delivery_targets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetPublic"][];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_delivery_target: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TargetCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetPublic"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_delivery_target: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_deliveries: {
        parameters: {
            query?: {
                status?: ("queued" | "running" | "succeeded" | "failed" | "cancelled") | null;
                /** @description A target name. */
                target?: string | null;
                target_kind?: ("http" | "cli" | "sdapi") | null;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryList"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_delivery: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repeat a request with the same key to get the same delivery. */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeliveryCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPublic"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_delivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPublic"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancel_delivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPublic"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retry_delivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPublic"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sync_civitai: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["SyncRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobPublic"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refresh_adapter_civitai: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Adapter id. */
                adapter_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdapterPublic"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    frontend_settings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FrontendSettings"];
                };
            };
        };
    };
}
